import type { SQL } from '../db/connect.js';
import { CHANGES_CHANNEL } from '../store/changes.js';

/** Why {@link ChangeSubscription.wait} returned. */
export type WakeReason = 'change' | 'timeout' | 'closed';

/** One listener's view of the hub: wakes when its tenant's feed may have grown. */
export interface ChangeSubscription {
  /** Resolves on the next change (or one that came since the last wait), a timeout, or close. */
  wait(timeoutMs: number): Promise<WakeReason>;
  /** Leaves the hub; a pending wait resolves `closed`. */
  close(): void;
  readonly closed: boolean;
}

class Subscription implements ChangeSubscription {
  private pending = false;
  private wake: ((reason: WakeReason) => void) | undefined;
  closed = false;

  constructor(
    readonly tenantId: string | null,
    private readonly leave: (sub: Subscription) => void,
  ) {}

  notify(): void {
    if (this.wake) this.wake('change');
    else this.pending = true;
  }

  wait(timeoutMs: number): Promise<WakeReason> {
    if (this.closed) return Promise.resolve('closed');
    if (this.pending) {
      this.pending = false;
      return Promise.resolve('change');
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake?.('timeout'), timeoutMs);
      this.wake = (reason) => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(reason);
      };
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.leave(this);
    this.wake?.('closed');
  }
}

/**
 * One `LISTEN calsync_changes` per process, fanned out to every stream and to the webhook
 * dispatcher, so a thousand open streams cost one database connection. Notifications only wake
 * readers; what to send is always read from the feed, so a lost notification delays (the readers
 * also wake on their own timer) but never drops a change.
 */
export class ChangeHub {
  private readonly subscriptions = new Set<Subscription>();
  private listening: Promise<{ unlisten(): Promise<void> }> | undefined;
  private stopped = false;

  constructor(private readonly sql: SQL) {}

  /** Subscribes to one tenant's changes, or every tenant's with null. Resolves once listening. */
  async subscribe(tenantId: string | null): Promise<ChangeSubscription> {
    const sub = new Subscription(tenantId, (s) => this.subscriptions.delete(s));
    if (this.stopped) {
      sub.close();
      return sub;
    }
    this.subscriptions.add(sub);
    this.listening ??= this.sql.listen(CHANGES_CHANNEL, (tenant) => this.fanOut(tenant));
    try {
      await this.listening;
    } catch (error) {
      this.listening = undefined;
      sub.close();
      throw error;
    }
    return sub;
  }

  /** How many subscriptions are open. */
  get size(): number {
    return this.subscriptions.size;
  }

  private fanOut(tenantId: string): void {
    for (const sub of this.subscriptions) {
      if (sub.tenantId === null || sub.tenantId === tenantId) sub.notify();
    }
  }

  /** Closes every subscription and stops listening; later subscriptions close at once. */
  async close(): Promise<void> {
    this.stopped = true;
    for (const sub of [...this.subscriptions]) sub.close();
    const listening = this.listening;
    this.listening = undefined;
    if (listening) await (await listening.catch(() => undefined))?.unlisten();
  }
}

const hubs = new WeakMap<SQL, ChangeHub>();

/** The process's hub for a database pool, made on first use. */
export function changeHubFor(sql: SQL): ChangeHub {
  let hub = hubs.get(sql);
  if (!hub) {
    hub = new ChangeHub(sql);
    hubs.set(sql, hub);
  }
  return hub;
}

/**
 * Ends every open change stream and the webhook dispatcher's wake-ups, and releases the listening
 * connection: call it when the server stops, before closing the pool.
 *
 * @example
 * process.on('SIGTERM', async () => { await closeStreams(sql); await server.close(); });
 */
export async function closeStreams(sql: SQL): Promise<void> {
  const hub = hubs.get(sql);
  if (hub) await hub.close();
}

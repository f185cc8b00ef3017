import type { RequestLimiter } from '@calsync/microsoft';
import type { SharedLimits } from './shared-limits.js';
import { realSleep, slotBackoffMs, type Sleep } from './wait-with-backoff.js';

/** Options of {@link SharedMailboxLimiter}. */
export interface SharedMailboxLimiterOptions {
  /** Requests in flight at once across every process (Outlook: 4 per app and mailbox). */
  readonly maxConcurrent: number;
  /**
   * How long a claimed slot outlives a process that died holding it (default 120 s); longer
   * than any one request may take.
   */
  readonly slotTtlSeconds?: number;
  readonly sleep?: Sleep;
}

/**
 * A mailbox's concurrency held in Postgres: each Graph request claims one of `maxConcurrent`
 * slots shared by every process and frees it when the exchange ends, so Graph never sees more
 * than that many in flight for the mailbox. Inside the process's own `MailboxLimiter` (its slots
 * and Outlook's per-window budget), which spares the database claims that could not succeed.
 *
 * @example
 * const limiter = new SharedMailboxLimiter(shared, 'graph:ann@example.com', { maxConcurrent: 4 });
 * const body = await limiter.run(() => fetch(url));
 */
export class SharedMailboxLimiter implements RequestLimiter {
  private readonly ttlSeconds: number;
  private readonly sleep: Sleep;

  constructor(
    private readonly shared: SharedLimits,
    private readonly key: string,
    private readonly options: SharedMailboxLimiterOptions,
    private readonly local?: RequestLimiter,
  ) {
    if (!(options.maxConcurrent >= 1)) throw new RangeError('maxConcurrent must be >= 1');
    this.ttlSeconds = options.slotTtlSeconds ?? 120;
    this.sleep = options.sleep ?? realSleep;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.local ? this.local.run(() => this.runShared(task)) : this.runShared(task);
  }

  private async runShared<T>(task: () => Promise<T>): Promise<T> {
    const slot = await this.claim();
    try {
      return await task();
    } finally {
      // A release that cannot reach the database must not replace the answer: the slot is
      // freed when it expires.
      await this.shared.releaseSlot(this.key, slot).catch(() => undefined);
    }
  }

  private async claim(): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const slot = await this.shared.claimSlot(
        this.key,
        this.options.maxConcurrent,
        this.ttlSeconds,
      );
      if (slot !== undefined) return slot;
      await this.sleep(slotBackoffMs(attempt));
    }
  }
}

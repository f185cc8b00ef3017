import { createHash } from 'node:crypto';
import { GoogleApiError, invalidParameter } from './errors.js';
import type { GoogleRuntime } from './runtime.js';
import type { GoogleCalendar } from './types.js';

/** A live watch channel. */
export interface WatchChannel {
  id: string;
  resourceId: string;
  resourceUri: string;
  calendarId: string;
  address: string;
  token: string | undefined;
  expirationMs: number;
  lastMessageNumber: number;
  /** Deliveries of one channel go out in order. */
  queue: Promise<void>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Watch channels on events collections: create, notify (sync first, then exists), stop, expire. */
export class WatchChannels {
  private readonly channels = new Map<string, WatchChannel>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(private readonly rt: () => GoogleRuntime) {}

  /** `events.watch`: registers the channel and sends the `sync` message. */
  create(calendar: GoogleCalendar, body: unknown): WatchChannel {
    const rt = this.rt();
    if (!isObject(body) || typeof body.id !== 'string' || body.id === '') {
      throw new GoogleApiError(400, 'required', 'Required', { location: 'id' });
    }
    if (body.type !== 'web_hook' && body.type !== 'webhook')
      throw invalidParameter('type', 'Invalid channel type.');
    if (typeof body.address !== 'string' || !URL.canParse(body.address)) {
      throw invalidParameter('address', 'Invalid channel address.');
    }
    if (this.channels.has(body.id)) {
      throw new GoogleApiError(400, 'channelIdNotUnique', `Channel id ${body.id} not unique`);
    }
    const nowMs = rt.nowMs();
    const maxExpirationMs = nowMs + rt.options.watch.maxTtlSeconds * 1000;
    const params = isObject(body.params) ? body.params : {};
    const ttlSeconds = Number(params.ttl);
    const requestedMs = Number(body.expiration);
    let expirationMs =
      Number.isFinite(ttlSeconds) && ttlSeconds > 0 ? nowMs + ttlSeconds * 1000 : maxExpirationMs;
    if (Number.isFinite(requestedMs) && requestedMs > nowMs)
      expirationMs = Math.min(expirationMs, requestedMs);
    expirationMs = Math.min(expirationMs, maxExpirationMs);
    const channel: WatchChannel = {
      id: body.id,
      resourceId: createHash('sha1')
        .update(`events:${calendar.id}`)
        .digest('base64url')
        .slice(0, 27),
      resourceUri: `${rt.ctx.providerBaseUrl()}/calendar/v3/calendars/${encodeURIComponent(calendar.id)}/events?alt=json`,
      calendarId: calendar.id,
      address: body.address,
      token: typeof body.token === 'string' ? body.token : undefined,
      expirationMs,
      lastMessageNumber: 0,
      queue: Promise.resolve(),
    };
    this.channels.set(channel.id, channel);
    this.enqueue(channel, 'sync');
    return channel;
  }

  /** Sends `exists` to every live channel on the calendar; expired channels are dropped. */
  notify(calendarId: string): void {
    if (this.channels.size === 0) return;
    const nowMs = this.rt().nowMs();
    for (const channel of this.channels.values()) {
      if (channel.calendarId !== calendarId) continue;
      if (channel.expirationMs <= nowMs) {
        this.channels.delete(channel.id);
        continue;
      }
      this.enqueue(channel, 'exists');
    }
  }

  /** `channels.stop`; false when no such channel. */
  stop(id: string, resourceId: string): boolean {
    const channel = this.channels.get(id);
    if (channel?.resourceId !== resourceId) return false;
    this.channels.delete(id);
    return true;
  }

  /** Resolves when every queued delivery has been attempted (for tests and shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.channels.values()].map((channel) => channel.queue));
  }

  reset(): void {
    this.channels.clear();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.channels.clear();
  }

  private enqueue(channel: WatchChannel, state: 'sync' | 'exists'): void {
    const rt = this.rt();
    // Message numbers increase, and need not be consecutive.
    channel.lastMessageNumber += state === 'sync' ? 1 : 1 + rt.random.int(0, 3);
    const messageNumber = channel.lastMessageNumber;
    const dropRate = rt.options.watch.dropRate;
    if (state === 'exists' && dropRate > 0 && rt.random.int(0, 1_000_000) < dropRate * 1_000_000)
      return;
    channel.queue = channel.queue.then(() => this.deliver(channel, state, messageNumber, 0));
  }

  private async deliver(
    channel: WatchChannel,
    state: string,
    messageNumber: number,
    attempt: number,
  ): Promise<void> {
    if (this.closed) return;
    const rt = this.rt();
    const headers: Record<string, string> = {
      'X-Goog-Channel-ID': channel.id,
      'X-Goog-Channel-Expiration': new Date(channel.expirationMs).toUTCString(),
      'X-Goog-Message-Number': String(messageNumber),
      'X-Goog-Resource-ID': channel.resourceId,
      'X-Goog-Resource-State': state,
      'X-Goog-Resource-URI': channel.resourceUri,
    };
    if (channel.token !== undefined) headers['X-Goog-Channel-Token'] = channel.token;
    let status: number;
    try {
      const response = await rt.ctx.fetch(channel.address, { method: 'POST', headers });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      status = 503;
    }
    const delayMs = rt.options.watch.retryDelaysMs[attempt];
    if (status >= 500 && delayMs !== undefined && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, delayMs);
        this.timers.add(timer);
      });
      await this.deliver(channel, state, messageNumber, attempt + 1);
    }
  }
}

/** The JSON Google answers to `events.watch`. */
export function channelJson(channel: WatchChannel): Record<string, unknown> {
  return {
    kind: 'api#channel',
    id: channel.id,
    resourceId: channel.resourceId,
    resourceUri: channel.resourceUri,
    ...(channel.token === undefined ? {} : { token: channel.token }),
    expiration: String(channel.expirationMs),
  };
}

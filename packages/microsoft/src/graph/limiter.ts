import {
  MAILBOX_MAX_CONCURRENT_REQUESTS,
  MAILBOX_REQUESTS_PER_WINDOW,
  MAILBOX_WINDOW_SECONDS,
} from '../facts.js';

/** Options of {@link MailboxLimiter}. */
export interface MailboxLimiterOptions {
  /** Requests in flight at once (Outlook: 4 per app and mailbox). */
  readonly maxConcurrent?: number;
  /** Requests started per rolling window (Outlook: 10,000 per 600 s). */
  readonly requestsPerWindow?: number;
  readonly windowSeconds?: number;
  /** The clock (injected; tests pass a fake one). */
  readonly now?: () => Date;
  /** How to wait for the window to free up (injected with the clock). */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

/**
 * What the Graph client runs each HTTP exchange through. {@link MailboxLimiter} is the in-memory
 * one; a server running several processes supplies one whose slots they share.
 *
 * @example
 * const limiter: RequestLimiter = new MailboxLimiter();
 * createMicrosoftAdapter(ctx, { limiter });
 */
export interface RequestLimiter {
  /** Runs `task` once it may go out; whatever happens, frees what it held. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

const realSleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Keeps one mailbox under Outlook's limits so Graph does not answer 429: at most
 * `maxConcurrent` requests in flight and `requestsPerWindow` started per rolling window.
 * Share one instance per mailbox across every adapter acting on it.
 *
 * @example
 * const limiter = new MailboxLimiter({ now: () => new Date() });
 * const body = await limiter.run(() => client.api('/me').get());
 */
export class MailboxLimiter implements RequestLimiter {
  readonly maxConcurrent: number;
  readonly requestsPerWindow: number;
  readonly windowMs: number;
  private readonly now: () => Date;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** Start times (ms) of requests inside the current window, oldest first. */
  private readonly startedMs: number[] = [];

  constructor(options: MailboxLimiterOptions = {}) {
    this.maxConcurrent = options.maxConcurrent ?? MAILBOX_MAX_CONCURRENT_REQUESTS;
    this.requestsPerWindow = options.requestsPerWindow ?? MAILBOX_REQUESTS_PER_WINDOW;
    this.windowMs = (options.windowSeconds ?? MAILBOX_WINDOW_SECONDS) * 1000;
    if (this.maxConcurrent < 1 || this.requestsPerWindow < 1 || this.windowMs <= 0) {
      throw new RangeError('limiter limits must be positive');
    }
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? realSleep;
  }

  /** Requests currently in flight. */
  get active(): number {
    return this.inFlight;
  }

  /** Runs `task` once a slot is free and the window has room; always releases the slot. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.inFlight >= this.maxConcurrent) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.inFlight++;
    }
    // The slot is ours (release hands it over directly); now wait for room in the window.
    for (;;) {
      const nowMs = this.now().getTime();
      while (this.startedMs.length > 0 && this.startedMs[0]! <= nowMs - this.windowMs) {
        this.startedMs.shift();
      }
      if (this.startedMs.length < this.requestsPerWindow) {
        this.startedMs.push(nowMs);
        return;
      }
      await this.sleep(this.startedMs[0]! + this.windowMs - nowMs);
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}

import { GOOGLE_LIMITS } from './endpoints.js';

/** Options of {@link RequestPacer}. */
export interface RequestPacerOptions {
  /** The quota to stay under, e.g. Google's 600 requests per user per minute. */
  readonly requestsPerMinute?: number;
  /**
   * Share of the quota spent as an initial burst (default 0.1). Google counts over a sliding
   * minute, so burst + rate × 60 s must not exceed the quota: the steady rate is
   * `(1 − burstShare) × quota` per minute.
   */
  readonly burstShare?: number;
  /** Clock in milliseconds (injected for tests). */
  readonly nowMs?: () => number;
  /** How waiting happens (injected for tests). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * What a Google adapter waits on before each request. {@link RequestPacer} is the in-memory one;
 * a server running several processes supplies one whose budget they share.
 *
 * @example
 * const pacer: Pacer = new RequestPacer();
 * createGoogleAdapter(ctx, { pacer });
 */
export interface Pacer {
  /** Resolves when one request may go out. */
  take(): Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A token bucket for one Google user: `take()` resolves when a request may go out. Callers are
 * served in arrival order. With the defaults a sustained push runs at 540 requests/minute after
 * a burst of 60, so no sliding minute ever sees more than Google's 600.
 *
 * @example
 * const pacer = new RequestPacer({ requestsPerMinute: 600 });
 * await pacer.take(); // then send the request
 */
export class RequestPacer implements Pacer {
  /** Steady refill rate, tokens per millisecond. */
  readonly ratePerMs: number;
  readonly burst: number;
  private tokens: number;
  private lastMs: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly nowMs: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Total time callers spent waiting, for reports. */
  waitedMs = 0;

  constructor(options: RequestPacerOptions = {}) {
    const quota = options.requestsPerMinute ?? GOOGLE_LIMITS.perUserRequestsPerMinute;
    const burstShare = options.burstShare ?? 0.1;
    if (!(quota > 0)) throw new RangeError('requestsPerMinute must be > 0');
    if (!(burstShare >= 0 && burstShare < 1)) throw new RangeError('burstShare must be in [0, 1)');
    this.burst = Math.max(1, Math.floor(quota * burstShare));
    this.ratePerMs = (quota - this.burst) / 60_000;
    if (!(this.ratePerMs > 0)) throw new RangeError('requestsPerMinute too small for the burst');
    this.nowMs = options.nowMs ?? (() => Date.now());
    this.sleep = options.sleep ?? realSleep;
    this.tokens = this.burst;
    this.lastMs = this.nowMs();
  }

  /** Steady requests per second the pacer allows. */
  get ratePerSecond(): number {
    return this.ratePerMs * 1000;
  }

  /** Waits for one token (FIFO across concurrent callers). */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeNow());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil((1 - this.tokens) / this.ratePerMs);
      this.waitedMs += waitMs;
      await this.sleep(waitMs);
    }
  }

  private refill(): void {
    const now = this.nowMs();
    const elapsed = Math.max(0, now - this.lastMs);
    this.lastMs = now;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.ratePerMs);
  }
}

/**
 * One pacer per Google account in a process: every adapter built for the same account must
 * share it, or two jobs of one user would each spend the whole quota.
 *
 * @example
 * const pacers = new RequestPacers({ requestsPerMinute: 600 });
 * createGoogleAdapter(ctx, { pacer: pacers.for('ann@example.com') });
 */
export class RequestPacers {
  private readonly byAccount = new Map<string, RequestPacer>();

  constructor(private readonly options: RequestPacerOptions = {}) {}

  for(accountKey: string): RequestPacer {
    let pacer = this.byAccount.get(accountKey);
    if (pacer === undefined) {
      pacer = new RequestPacer(this.options);
      this.byAccount.set(accountKey, pacer);
    }
    return pacer;
  }
}

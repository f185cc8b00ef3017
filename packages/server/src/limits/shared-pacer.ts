import type { Pacer } from '@calsync/google';
import type { SharedLimits } from './shared-limits.js';
import { realSleep, type Sleep } from './wait-with-backoff.js';

/** Options of {@link SharedPacer}. */
export interface SharedPacerOptions {
  /** The quota to stay under across every process, e.g. Google's 600 per user per minute. */
  readonly requestsPerMinute: number;
  /** Share of the quota spent as an initial burst (default 0.1, as `RequestPacer`). */
  readonly burstShare?: number;
  readonly sleep?: Sleep;
}

/**
 * A Google account's request pacing held in Postgres: every process waits on one bucket per
 * account, steady at `(1 − burstShare) × quota` per minute after a burst of `burstShare × quota`,
 * so no sliding minute sees more than the quota whatever the number of workers. In front of it
 * sits the process's own `RequestPacer` (FIFO within the process, and it spares the database the
 * tries this process alone would already wait for).
 *
 * @example
 * const pacer = new SharedPacer(shared, 'google:ann@example.com', { requestsPerMinute: 600 });
 * await pacer.take();
 */
export class SharedPacer implements Pacer {
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly sleep: Sleep;

  constructor(
    private readonly shared: SharedLimits,
    private readonly key: string,
    options: SharedPacerOptions,
    private readonly local?: Pacer,
  ) {
    const quota = options.requestsPerMinute;
    const burstShare = options.burstShare ?? 0.1;
    if (!(quota > 0)) throw new RangeError('requestsPerMinute must be > 0');
    if (!(burstShare >= 0 && burstShare < 1)) throw new RangeError('burstShare must be in [0, 1)');
    this.burst = Math.max(1, Math.floor(quota * burstShare));
    this.ratePerSecond = (quota - this.burst) / 60;
    if (!(this.ratePerSecond > 0))
      throw new RangeError('requestsPerMinute too small for the burst');
    this.sleep = options.sleep ?? realSleep;
  }

  async take(): Promise<void> {
    if (this.local) await this.local.take();
    for (;;) {
      const waitSeconds = await this.shared.takeToken(this.key, this.ratePerSecond, this.burst);
      if (waitSeconds <= 0) return;
      await this.sleep(Math.ceil(waitSeconds * 1000));
    }
  }
}

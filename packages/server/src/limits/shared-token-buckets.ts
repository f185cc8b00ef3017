import type { RateLimitStore } from '../http/rate-limit-store.js';
import { TokenBuckets, type RateLimitOptions, type TakeResult } from '../http/token-buckets.js';
import type { SharedLimits } from './shared-limits.js';

/**
 * Token buckets by key held in Postgres, so every API process spends one budget per credential
 * (or per webhook source). The fast path stays local: a bucket of the same size in this process
 * refuses without asking the database (this process alone already spent the budget, so the
 * shared one is spent too); a local yes is confirmed by the shared bucket, and given back when
 * the shared one says no.
 *
 * @example
 * const buckets = new SharedTokenBuckets(shared, 'api', { ratePerSecond: 50, burst: 200 });
 * if (!(await buckets.take('k:key-id')).ok) answer429();
 */
export class SharedTokenBuckets implements RateLimitStore {
  private readonly local: TokenBuckets;

  constructor(
    private readonly shared: SharedLimits,
    /** Keeps the keys of different limits apart (`api`, `webhook`). */
    private readonly scope: string,
    private readonly options: RateLimitOptions,
  ) {
    this.local = new TokenBuckets(options);
  }

  async take(key: string): Promise<TakeResult> {
    const local = this.local.take(key);
    if (!local.ok) return local;
    const waitSeconds = await this.shared.takeToken(
      `${this.scope}:${key}`,
      this.options.ratePerSecond,
      this.options.burst,
    );
    if (waitSeconds <= 0) return { ok: true };
    this.local.giveBack(key);
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }
}

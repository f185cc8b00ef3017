import type { RateLimitStore } from './rate-limit-store.js';

/** Requests a caller may make per second on average, and in a burst. */
export interface RateLimitOptions {
  ratePerSecond: number;
  burst: number;
  /** Milliseconds clock (injected in tests). */
  nowMs?: () => number;
  /** Buckets kept before the least recently used are dropped. */
  maxKeys?: number;
}

/** What {@link TokenBuckets.take} decided. */
export type TakeResult =
  { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Token buckets by key, in memory, the least recently used dropped past `maxKeys` (a dropped key
 * starts again with a full bucket). One request takes one token.
 *
 * @example
 * const buckets = new TokenBuckets({ ratePerSecond: 50, burst: 200 });
 * if (!buckets.take('k:key-id').ok) answer429();
 */
export class TokenBuckets implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.nowMs ?? (() => Date.now());
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Takes a token from `key`'s bucket, or says how long until one is back. */
  take(key: string): TakeResult {
    const { ratePerSecond, burst } = this.options;
    const at = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedMs: at };
    this.buckets.delete(key);
    bucket.tokens = Math.min(
      burst,
      bucket.tokens + ((at - bucket.updatedMs) / 1000) * ratePerSecond,
    );
    bucket.updatedMs = at;
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      this.buckets.delete(this.buckets.keys().next().value as string);
    }
    if (bucket.tokens < 1) {
      return { ok: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / ratePerSecond) };
    }
    bucket.tokens -= 1;
    return { ok: true };
  }

  /** Returns a token taken from `key`'s bucket (when something else refused the request). */
  giveBack(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.options.burst, bucket.tokens + 1);
  }
}

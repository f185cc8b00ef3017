import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { errorResponse } from './errors.js';

/** Requests a caller may make per second on average, and in a burst. */
export interface RateLimitOptions {
  ratePerSecond: number;
  burst: number;
  /** Milliseconds clock (injected in tests). */
  nowMs?: () => number;
  /** Buckets kept before the least recently used are dropped. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Per-credential token buckets (one per secret key, one per session): a caller over its budget
 * gets 429 `rate_limited` with `Retry-After`, so one noisy host cannot starve the others. The
 * buckets live in this process; several API processes each enforce the limit on their share.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const buckets = new Map<string, Bucket>();
  const now = options.nowMs ?? (() => Date.now());
  const maxKeys = options.maxKeys ?? 10_000;
  return async (c, next) => {
    const auth = c.get('auth');
    const key = auth.kind === 'secret_key' ? `k:${auth.keyId}` : `s:${auth.sessionId}`;
    const at = now();
    const bucket = buckets.get(key) ?? { tokens: options.burst, updatedMs: at };
    buckets.delete(key);
    bucket.tokens = Math.min(
      options.burst,
      bucket.tokens + ((at - bucket.updatedMs) / 1000) * options.ratePerSecond,
    );
    bucket.updatedMs = at;
    buckets.set(key, bucket);
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
    if (bucket.tokens < 1) {
      const retryAfterSeconds = Math.ceil((1 - bucket.tokens) / options.ratePerSecond);
      c.header('Retry-After', String(retryAfterSeconds));
      return errorResponse(
        c,
        429,
        'rate_limited',
        `Too many requests; retry in ${retryAfterSeconds} s.`,
      );
    }
    bucket.tokens -= 1;
    await next();
  };
}

/** The default budget: 50 requests per second per credential, bursts of 200. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { ratePerSecond: 50, burst: 200 };

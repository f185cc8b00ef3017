import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { errorResponse } from './errors.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { TokenBuckets, type RateLimitOptions } from './token-buckets.js';

export type { RateLimitOptions } from './token-buckets.js';

/** The 429 `rate_limited` answer with `Retry-After`. */
export function rateLimitedResponse(c: Context, retryAfterSeconds: number): Response {
  c.header('Retry-After', String(retryAfterSeconds));
  return errorResponse(
    c,
    429,
    'rate_limited',
    `Too many requests; retry in ${retryAfterSeconds} s.`,
  );
}

/**
 * Per-credential token buckets (one per secret key, one per session): a caller over its budget
 * gets 429 `rate_limited` with `Retry-After`, so one noisy host cannot starve the others. The
 * buckets live in `store`: this process's by default, or Postgres (`SharedTokenBuckets`) so that
 * several API processes hold one budget per credential.
 *
 * @example
 * api.use('*', rateLimit(DEFAULT_RATE_LIMIT));
 */
export function rateLimit(
  options: RateLimitOptions,
  store: RateLimitStore = new TokenBuckets(options),
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.get('auth');
    const taken = await store.take(
      auth.kind === 'secret_key' ? `k:${auth.keyId}` : `s:${auth.sessionId}`,
    );
    if (!taken.ok) return rateLimitedResponse(c, taken.retryAfterSeconds);
    await next();
  };
}

/** The default budget: 50 requests per second per credential, bursts of 200. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { ratePerSecond: 50, burst: 200 };

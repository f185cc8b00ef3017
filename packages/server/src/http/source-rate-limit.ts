import type { MiddlewareHandler } from 'hono';
import { clientAddress, TrustedProxies } from './client-address.js';
import { rateLimitedResponse } from './rate-limit.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { TokenBuckets, type RateLimitOptions } from './token-buckets.js';

/**
 * Token buckets per source address, for routes that are reached without credentials (provider
 * webhooks): a source over its budget gets 429 `rate_limited` with `Retry-After` before the
 * request body is read or any of its data looked up (a shared store takes its token in one
 * statement, and refuses from memory once this process alone spent the budget), while other
 * sources go on. The source
 * is the socket's peer, or the client a trusted proxy names in `X-Forwarded-For`
 * (see {@link clientAddress}). The buckets live in `store`: this process's by default, or
 * Postgres (`SharedTokenBuckets`) so that several API processes hold one budget per source.
 *
 * @example
 * app.use('/api/v1/webhooks/*', sourceRateLimit(DEFAULT_WEBHOOK_RATE_LIMIT, TrustedProxies.none));
 */
export function sourceRateLimit(
  options: RateLimitOptions,
  trusted: TrustedProxies = TrustedProxies.none,
  store: RateLimitStore = new TokenBuckets(options),
): MiddlewareHandler {
  return async (c, next) => {
    const taken = await store.take(clientAddress(c, trusted));
    if (!taken.ok) return rateLimitedResponse(c, taken.retryAfterSeconds);
    await next();
  };
}

/** The default webhook budget per source address: 100 requests per second, bursts of 500. */
export const DEFAULT_WEBHOOK_RATE_LIMIT: RateLimitOptions = { ratePerSecond: 100, burst: 500 };

import type { RateLimitStoreFactory } from '../http/rate-limit-store.js';
import type { SharedLimits } from './shared-limits.js';
import { SharedTokenBuckets } from './shared-token-buckets.js';

/**
 * The API's budgets (per credential, per webhook source) in Postgres, for `AppServices`.
 *
 * @example
 * createApp(ctx, { rateLimitStores: sharedRateLimitStores(new SharedLimits(sql)) });
 */
export function sharedRateLimitStores(shared: SharedLimits): RateLimitStoreFactory {
  return (scope, options) => new SharedTokenBuckets(shared, scope, options);
}

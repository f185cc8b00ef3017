import type { TakeResult } from './token-buckets.js';

/**
 * Where request budgets are kept: {@link TokenBuckets} in this process, or `SharedTokenBuckets`
 * in Postgres for every process on the database.
 *
 * @example
 * const store: RateLimitStore = new TokenBuckets({ ratePerSecond: 50, burst: 200 });
 * const taken = await store.take('k:key-id');
 */
export interface RateLimitStore {
  /** Takes one request's token from `key`'s budget, or says how long until one is back. */
  take(key: string): TakeResult | Promise<TakeResult>;
}

/** Makes the store of one limit (`api` per credential, `webhook` per source address). */
export type RateLimitStoreFactory = (
  scope: 'api' | 'webhook',
  options: { ratePerSecond: number; burst: number },
) => RateLimitStore;

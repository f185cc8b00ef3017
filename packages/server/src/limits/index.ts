export { SharedLimits } from './shared-limits.js';
export { SharedTokenBuckets } from './shared-token-buckets.js';
export { sharedRateLimitStores } from './shared-rate-limit-stores.js';
export { SharedPacer, type SharedPacerOptions } from './shared-pacer.js';
export {
  SharedMailboxLimiter,
  type SharedMailboxLimiterOptions,
} from './shared-mailbox-limiter.js';

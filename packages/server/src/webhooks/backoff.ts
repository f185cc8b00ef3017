/**
 * When a failed delivery is tried again, in seconds after the failed attempt: 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h. The first attempt is immediate, so a delivery gets 8 attempts over about
 * 27.6 hours; after the last one fails it is `failed`.
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS: readonly number[] = [
  5,
  5 * 60,
  30 * 60,
  2 * 3600,
  5 * 3600,
  10 * 3600,
  10 * 3600,
];

/** Attempts a delivery gets in all. */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_SECONDS.length + 1;

/**
 * Seconds to wait after failed attempt number `attempts` (1-based), or null when that was the
 * last one.
 */
export function retryDelaySeconds(attempts: number): number | null {
  return WEBHOOK_RETRY_DELAYS_SECONDS[attempts - 1] ?? null;
}

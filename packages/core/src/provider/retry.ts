import { AuthError, ProviderError, type ProviderErrorClass } from './errors.js';

/** What the server does after retries are exhausted or instead of retrying. */
export type FailureAction =
  /** Give up; the attempt lands in the failed list an admin can reprocess. */
  | 'fail_attempt'
  /** Refresh the token once; if it fails again mark the connection `needs_reauth` and pause it. */
  | 'needs_reauth'
  /**
   * Update → reconcile the deletion against the edit (a conflict; the newer edit recreates the
   * event); delete → treat as success; pull → drop the item.
   */
  | 'per_operation'
  /** Pull, reconcile, then push again with the fresh etag. */
  | 'pull_then_reconcile'
  /** Drop the cursor and run a full resync of the window (matched by link and iCalUID). */
  | 'full_resync';

/** How one error class is retried. */
export interface RetryPolicy {
  readonly retry: boolean;
  readonly backoff: 'none' | 'exponential';
  /** Wait at least `Retry-After` when the provider sent it. */
  readonly honourRetryAfter: boolean;
  /** Refresh credentials once and retry immediately, then give up with `needs_reauth`. */
  readonly refreshAuthOnce: boolean;
  /** Attempts including the first call. */
  readonly maxAttempts: number;
  readonly onGiveUp: FailureAction;
}

/**
 * The retry matrix: one row per error class, checked exhaustively by the compiler.
 * The server's job runner reads it; adapters never retry on their own.
 */
export const RETRY_MATRIX = {
  // 20 attempts at exponential backoff capped at 5 minutes ride out about an hour of provider
  // outage before the attempt is given up (and listed for an admin to reprocess).
  transient: {
    retry: true,
    backoff: 'exponential',
    honourRetryAfter: true,
    refreshAuthOnce: false,
    maxAttempts: 20,
    onGiveUp: 'fail_attempt',
  },
  rate_limited: {
    retry: true,
    backoff: 'exponential',
    honourRetryAfter: true,
    refreshAuthOnce: false,
    maxAttempts: 20,
    onGiveUp: 'fail_attempt',
  },
  auth: {
    retry: true,
    backoff: 'none',
    honourRetryAfter: false,
    refreshAuthOnce: true,
    maxAttempts: 2,
    onGiveUp: 'needs_reauth',
  },
  not_found: {
    retry: false,
    backoff: 'none',
    honourRetryAfter: false,
    refreshAuthOnce: false,
    maxAttempts: 1,
    onGiveUp: 'per_operation',
  },
  precondition_failed: {
    retry: false,
    backoff: 'none',
    honourRetryAfter: false,
    refreshAuthOnce: false,
    maxAttempts: 1,
    onGiveUp: 'pull_then_reconcile',
  },
  cursor_expired: {
    retry: false,
    backoff: 'none',
    honourRetryAfter: false,
    refreshAuthOnce: false,
    maxAttempts: 1,
    onGiveUp: 'full_resync',
  },
  non_retryable: {
    retry: false,
    backoff: 'none',
    honourRetryAfter: false,
    refreshAuthOnce: false,
    maxAttempts: 1,
    onGiveUp: 'fail_attempt',
  },
} as const satisfies { readonly [K in ProviderErrorClass]: RetryPolicy };

/** Backoff tuning; defaults suit provider APIs (Google/Graph recommend ≥ 1 s, capped minutes). */
export interface BackoffOptions {
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
}

/** Input of {@link nextRetryDelay}. */
export interface RetryInput extends BackoffOptions {
  readonly errorClass: ProviderErrorClass;
  /** 1 for the first failure, 2 for the second, … */
  readonly attempt: number;
  readonly retryAfterSeconds?: number | null;
  /** A uniform random source in [0, 1), injected so tests are deterministic. */
  readonly random: () => number;
  /** For `auth`: whether the token was already refreshed once in this run. */
  readonly authAlreadyRefreshed?: boolean;
}

/** The decision for one failure. */
export type RetryDecision =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly refreshAuth: boolean }
  | { readonly kind: 'give_up'; readonly action: FailureAction };

export const DEFAULT_BASE_DELAY_MS = 1_000;
export const DEFAULT_MAX_DELAY_MS = 5 * 60_000;

/**
 * Decides whether and when to retry: exponential backoff with "equal jitter"
 * (half fixed, half random, so delays never collapse to zero), never below `Retry-After`
 * when the policy honours it, capped at `maxDelayMs` (a `Retry-After` above the cap wins).
 *
 * @example
 * nextRetryDelay({ errorClass: 'rate_limited', attempt: 1, retryAfterSeconds: 30, random: Math.random })
 * // { kind: 'retry', delayMs: 30000, refreshAuth: false }
 */
export function nextRetryDelay(input: RetryInput): RetryDecision {
  if (!Number.isInteger(input.attempt) || input.attempt < 1) {
    throw new RangeError(`attempt must be a positive integer, got ${input.attempt}`);
  }
  const policy: RetryPolicy = RETRY_MATRIX[input.errorClass];
  // Refresh-once counts its own try, not the job's attempt number: a job back from retrying a
  // provider outage that meets an expired token still gets its refresh.
  if (policy.retry && policy.refreshAuthOnce) {
    return input.authAlreadyRefreshed
      ? { kind: 'give_up', action: policy.onGiveUp }
      : { kind: 'retry', delayMs: 0, refreshAuth: true };
  }
  if (!policy.retry || input.attempt >= policy.maxAttempts) {
    return { kind: 'give_up', action: policy.onGiveUp };
  }
  const base = input.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const cap = input.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const ceiling = Math.min(cap, base * 2 ** (input.attempt - 1));
  const jittered =
    policy.backoff === 'exponential' ? ceiling / 2 + (ceiling / 2) * input.random() : 0;
  const retryAfterMs =
    policy.honourRetryAfter && input.retryAfterSeconds != null
      ? Math.max(0, input.retryAfterSeconds) * 1000
      : 0;
  return {
    kind: 'retry',
    delayMs: Math.round(Math.max(jittered, retryAfterMs)),
    refreshAuth: false,
  };
}

/**
 * Convenience over {@link nextRetryDelay} for a caught error.
 *
 * @example
 * const decision = retryDecisionFor(error, { attempt, random: Math.random });
 */
export function retryDecisionFor(
  error: unknown,
  options: Omit<RetryInput, 'errorClass' | 'retryAfterSeconds'> & {
    readonly authAlreadyRefreshed?: boolean;
  },
): RetryDecision {
  if (error instanceof AuthError && error.permanent)
    return { kind: 'give_up', action: 'needs_reauth' };
  const errorClass: ProviderErrorClass =
    error instanceof ProviderError ? error.errorClass : 'non_retryable';
  const retryAfterSeconds =
    error instanceof ProviderError && 'retryAfterSeconds' in error
      ? (error as { retryAfterSeconds: number | null }).retryAfterSeconds
      : null;
  return nextRetryDelay({ ...options, errorClass, retryAfterSeconds });
}

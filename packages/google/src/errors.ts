import {
  AuthError,
  CursorExpiredError,
  NonRetryableProviderError,
  NotFoundError,
  PreconditionFailedError,
  ProviderError,
  RateLimitedError,
  TransientProviderError,
} from '@calsync/core';

/** What an HTTP failure from Google looked like, independent of the client library. */
export interface GoogleFailure {
  /** `null` when no response arrived (network error, timeout). */
  readonly status: number | null;
  /** `error.errors[0].reason` of Google's envelope, when present. */
  readonly reason: string | null;
  readonly message: string;
  readonly retryAfterSeconds: number | null;
}

/** 403 reasons that mean "slow down" rather than "forbidden". */
const RATE_LIMIT_REASONS: ReadonlySet<string> = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'quotaExceeded',
  'dailyLimitExceeded',
]);

/**
 * Classifies a Google failure into exactly one core error class (PROTOCOLS.md §1.10). The table:
 * no response, 408, 5xx and 409 `conflict` → transient; 429 and 403 quota reasons →
 * rate-limited; 401 → auth; 404 and 410 `deleted` → not found; any other 410 → cursor expired
 * (some 410s come without a reason); 412 → precondition failed; the rest → non-retryable.
 *
 * @example
 * googleErrorFor({ status: 403, reason: 'userRateLimitExceeded', message: 'slow', retryAfterSeconds: 2 })
 * // RateLimitedError { retryAfterSeconds: 2 }
 */
export function googleErrorFor(failure: GoogleFailure, cause?: unknown): ProviderError {
  const { status, reason, retryAfterSeconds } = failure;
  const options = {
    cause,
    ...(status === null ? {} : { status }),
    ...(reason === null ? {} : { providerCode: reason }),
  };
  const message = `Google Calendar: ${failure.message}`;
  const retry = retryAfterSeconds === null ? {} : { retryAfterSeconds };
  if (status === null || status === 408 || status >= 500) {
    return new TransientProviderError(message, { ...options, ...retry });
  }
  if (status === 429 || (status === 403 && reason !== null && RATE_LIMIT_REASONS.has(reason))) {
    return new RateLimitedError(message, { ...options, ...retry });
  }
  switch (status) {
    case 401:
      return new AuthError(message, options);
    case 404:
      return new NotFoundError(message, options);
    case 409:
      return reason === 'conflict'
        ? new TransientProviderError(message, options)
        : new NonRetryableProviderError(message, options);
    case 410:
      return reason === 'deleted'
        ? new NotFoundError(message, options)
        : new CursorExpiredError(message, options);
    case 412:
      return new PreconditionFailedError(message, options);
    default:
      return new NonRetryableProviderError(message, options);
  }
}

/**
 * `Retry-After` as seconds: delta-seconds or an HTTP date (relative to `nowMs`).
 *
 * @example
 * parseRetryAfter('7', Date.now()) // 7
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const dateMs = Date.parse(trimmed);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}

interface GaxiosLikeError {
  readonly message: string;
  readonly config?: unknown;
  readonly response?: {
    readonly status: number;
    readonly data?: unknown;
    readonly headers?: unknown;
  };
}

function isGaxiosLike(error: unknown): error is GaxiosLikeError {
  return error instanceof Error && 'config' in error;
}

function headerOf(headers: unknown, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  if (typeof headers === 'object' && headers !== null) {
    const value = (headers as Record<string, unknown>)[name.toLowerCase()];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

function envelopeOf(data: unknown): { reason: string | null; message: string | null } {
  const parsed = typeof data === 'string' ? safeJson(data) : data;
  const error = (parsed as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) {
    // OAuth endpoints answer `{"error": "invalid_grant"}`.
    return { reason: typeof error === 'string' ? error : null, message: null };
  }
  const { errors, message } = error as { errors?: { reason?: unknown }[]; message?: unknown };
  const reason = errors?.[0]?.reason;
  return {
    reason: typeof reason === 'string' ? reason : null,
    message: typeof message === 'string' ? message : null,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Reads what failed from an error thrown by the googleapis client (a gaxios error). Returns
 * `null` for anything else: a bug in our code is rethrown, not disguised as a provider error.
 */
export function failureOf(error: unknown, nowMs: number): GoogleFailure | null {
  if (!isGaxiosLike(error)) return null;
  const response = error.response;
  if (response === undefined) {
    return { status: null, reason: null, message: error.message, retryAfterSeconds: null };
  }
  const envelope = envelopeOf(response.data);
  return {
    status: response.status,
    reason: envelope.reason,
    message: envelope.message ?? error.message,
    retryAfterSeconds: parseRetryAfter(headerOf(response.headers, 'retry-after'), nowMs),
  };
}

/**
 * Translates anything a googleapis call threw: provider failures become core errors (original
 * kept as `cause`), everything else is rethrown unchanged.
 */
export function translateGoogleError(error: unknown, nowMs: number): never {
  // A core error raised by the injected fetch (the server's "answer too large", "unreachable")
  // arrives wrapped by gaxios; it already has its class.
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (cause instanceof ProviderError) throw cause;
    cause = cause.cause;
  }
  const failure = failureOf(error, nowMs);
  if (failure === null) throw error;
  throw googleErrorFor(failure, error);
}

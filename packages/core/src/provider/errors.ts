/**
 * Typed errors every adapter throws. Adapters translate provider responses (HTTP status,
 * Google `reason`, Graph `code`, CalDAV precondition) into exactly one of these classes and keep
 * the original as `cause`. The server's retry decisions key on `errorClass` through
 * {@link RETRY_MATRIX}, never on provider details.
 */

/** The closed set of failure classes. */
export type ProviderErrorClass =
  | 'transient'
  | 'rate_limited'
  | 'auth'
  | 'not_found'
  | 'precondition_failed'
  | 'cursor_expired'
  | 'non_retryable';

/** All classes, for exhaustive tables and tests. */
export const PROVIDER_ERROR_CLASSES = [
  'transient',
  'rate_limited',
  'auth',
  'not_found',
  'precondition_failed',
  'cursor_expired',
  'non_retryable',
] as const satisfies readonly ProviderErrorClass[];

/** Extra data an adapter may attach. */
export interface ProviderErrorOptions {
  readonly cause?: unknown;
  /** HTTP status of the provider response, when there was one. */
  readonly status?: number;
  /** Provider's own code (`rateLimitExceeded`, `ErrorItemNotFound`, `valid-sync-token`…). */
  readonly providerCode?: string;
}

/** Base class; `instanceof ProviderError` catches every adapter failure. */
export abstract class ProviderError extends Error {
  abstract readonly errorClass: ProviderErrorClass;
  readonly status: number | null;
  readonly providerCode: string | null;

  constructor(message: string, options: ProviderErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status ?? null;
    this.providerCode = options.providerCode ?? null;
  }
}

/** Options of the errors that may carry the provider's `Retry-After`. */
export type RetryAfterErrorOptions = ProviderErrorOptions & { retryAfterSeconds?: number };

/** A failure the provider may have said when to retry (`Retry-After`). */
abstract class RetryAfterProviderError extends ProviderError {
  /** From `Retry-After`; `null` when the provider did not say. */
  readonly retryAfterSeconds: number | null;
  constructor(message: string, options: RetryAfterErrorOptions = {}) {
    super(message, options);
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

/** 5xx, timeouts, network resets: retry with backoff. Some 503/504 carry `Retry-After` too. */
export class TransientProviderError extends RetryAfterProviderError {
  override readonly name = 'TransientProviderError';
  readonly errorClass = 'transient';
}

/** 429, Google 403 `rateLimitExceeded` / `userRateLimitExceeded` / `quotaExceeded`. */
export class RateLimitedError extends RetryAfterProviderError {
  override readonly name = 'RateLimitedError';
  readonly errorClass = 'rate_limited';
}

/** 401, `invalid_grant`, revoked consent. `permanent` skips the refresh attempt. */
export class AuthError extends ProviderError {
  override readonly name = 'AuthError';
  readonly errorClass = 'auth';
  /** True when refreshing cannot help (refresh token revoked or expired). */
  readonly permanent: boolean;
  constructor(message: string, options: ProviderErrorOptions & { permanent?: boolean } = {}) {
    super(message, options);
    this.permanent = options.permanent ?? false;
  }
}

/** 404 (and Google 410 `deleted`). Update → recreate; delete → success. */
export class NotFoundError extends ProviderError {
  override readonly name = 'NotFoundError';
  readonly errorClass = 'not_found';
}

/** 412: the etag sent in `If-Match` is stale. Pull, reconcile, push again. */
export class PreconditionFailedError extends ProviderError {
  override readonly name = 'PreconditionFailedError';
  readonly errorClass = 'precondition_failed';
}

/** Google 410 `fullSyncRequired`, Graph `SyncStateNotFound`/410, CalDAV `valid-sync-token`. */
export class CursorExpiredError extends ProviderError {
  override readonly name = 'CursorExpiredError';
  readonly errorClass = 'cursor_expired';
}

/** Anything else (400s, forbidden, unsupported): an admin may reprocess it. */
export class NonRetryableProviderError extends ProviderError {
  override readonly name = 'NonRetryableProviderError';
  readonly errorClass = 'non_retryable';
}

/**
 * Classifies anything thrown by adapter code: provider errors keep their class, everything else
 * (a bug, an untranslated library error) is `non_retryable`.
 *
 * @example
 * errorClassOf(new RateLimitedError('slow down', { retryAfterSeconds: 3 })) // 'rate_limited'
 */
export function errorClassOf(error: unknown): ProviderErrorClass {
  return error instanceof ProviderError ? error.errorClass : 'non_retryable';
}

/**
 * Builds the error for a class, for fault injection and for adapters that classify by table.
 *
 * @example
 * throw providerErrorFor('transient', 'backendError', { status: 500 });
 */
export function providerErrorFor(
  errorClass: ProviderErrorClass,
  message: string,
  options: ProviderErrorOptions & { retryAfterSeconds?: number } = {},
): ProviderError {
  switch (errorClass) {
    case 'transient':
      return new TransientProviderError(message, options);
    case 'rate_limited':
      return new RateLimitedError(message, options);
    case 'auth':
      return new AuthError(message, options);
    case 'not_found':
      return new NotFoundError(message, options);
    case 'precondition_failed':
      return new PreconditionFailedError(message, options);
    case 'cursor_expired':
      return new CursorExpiredError(message, options);
    case 'non_retryable':
      return new NonRetryableProviderError(message, options);
  }
}

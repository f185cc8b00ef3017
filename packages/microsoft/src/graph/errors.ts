import type { ProviderError, ProviderErrorClass } from '@calsync/core';
import { ProviderError as ProviderErrorBase, providerErrorFor } from '@calsync/core';
import { SYNC_STATE_CODES } from '../facts.js';

/**
 * Graph failures → core's error classes. Every call into the Graph client goes through
 * {@link toProviderError}; the original error stays as `cause`.
 */

/** Class for an HTTP status when the Graph code does not decide it. */
export const ERROR_CLASS_FOR_STATUS: Readonly<Record<number, ProviderErrorClass>> = {
  401: 'auth',
  404: 'not_found',
  409: 'transient',
  410: 'cursor_expired',
  412: 'precondition_failed',
  429: 'rate_limited',
  500: 'transient',
  502: 'transient',
  503: 'transient',
  504: 'transient',
};

/** Graph codes that decide the class whatever the status. */
export const ERROR_CLASS_FOR_CODE: Readonly<Record<string, ProviderErrorClass>> = {
  ...Object.fromEntries(SYNC_STATE_CODES.map((code) => [code, 'cursor_expired' as const])),
  ErrorItemNotFound: 'not_found',
  InvalidAuthenticationToken: 'auth',
  TooManyRequests: 'rate_limited',
  ApplicationThrottled: 'rate_limited',
  MailboxConcurrency: 'rate_limited',
  ErrorIrresistibleConflict: 'transient',
  ErrorDuplicateTransactionId: 'non_retryable',
};

/** What the Graph client throws (its `GraphError`), read structurally. */
interface GraphClientFailure {
  readonly statusCode?: number;
  readonly code?: string | null;
  readonly message?: string;
  readonly headers?: Headers | Record<string, string> | null;
}

function headerOf(headers: GraphClientFailure['headers'], name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const record = headers as Record<string, string>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : (record[key] ?? null);
}

/**
 * Parses `Retry-After`: delta seconds or an HTTP date (relative to `now`).
 *
 * @example
 * parseRetryAfterSeconds('7', new Date()) // 7
 */
export function parseRetryAfterSeconds(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const dateMs = Date.parse(value);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, Math.ceil((dateMs - now.getTime()) / 1000));
}

/**
 * Translates anything the Graph client (or our own code calling it) threw into a core
 * `ProviderError`. Network failures (no status) are transient.
 *
 * @example
 * try { await client.api(path).get(); } catch (error) { throw toProviderError(error, now()); }
 */
export function toProviderError(
  error: unknown,
  now: Date,
  action = 'Graph request',
): ProviderError {
  // Also when wrapped: a core error raised by the injected fetch already has its class.
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (cause instanceof ProviderErrorBase) return cause;
    cause = cause.cause;
  }
  const failure = (typeof error === 'object' && error !== null ? error : {}) as GraphClientFailure;
  const status =
    typeof failure.statusCode === 'number' && failure.statusCode > 0 ? failure.statusCode : null;
  const code = typeof failure.code === 'string' && failure.code !== '' ? failure.code : null;
  const errorClass: ProviderErrorClass =
    (code ? ERROR_CLASS_FOR_CODE[code] : undefined) ??
    (status === null ? 'transient' : (ERROR_CLASS_FOR_STATUS[status] ?? 'non_retryable'));
  const retryAfterSeconds = parseRetryAfterSeconds(headerOf(failure.headers, 'retry-after'), now);
  const message = `${action} failed${status ? ` (${status}${code ? ` ${code}` : ''})` : ''}: ${
    failure.message || (error instanceof Error ? error.message : String(error))
  }`;
  return providerErrorFor(errorClass, message, {
    cause: error,
    ...(status !== null ? { status } : {}),
    ...(code !== null ? { providerCode: code } : {}),
    ...(retryAfterSeconds !== null ? { retryAfterSeconds } : {}),
  });
}

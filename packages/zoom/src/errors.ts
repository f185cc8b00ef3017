import type { ProviderError } from '@calsync/core';
import { ZOOM_ERROR_CODES } from './facts.js';
import {
  AuthError,
  NonRetryableProviderError,
  NotFoundError,
  RateLimitedError,
  TransientProviderError,
} from '@calsync/core';

/**
 * Zoom failures → core's error classes (PROTOCOLS.md §4.3): 429 → rate limited, 5xx and network
 * → transient, 401 → auth, 404 → not found (but an unknown user, code 1001, is non-retryable), everything else → non-retryable. Zoom's numeric
 * `code` is kept as `providerCode`, the original response or exception as `cause`.
 */

/** Zoom's error body: `{code, message, errors?}` for the API, `{reason, error}` for OAuth. */
export interface ZoomErrorBody {
  readonly code?: number | string;
  readonly message?: string;
  readonly errors?: readonly { readonly field?: string; readonly message?: string }[];
  readonly reason?: string;
  readonly error?: string;
}

/** A failed HTTP answer, as read by the client. */
export interface ZoomFailure {
  readonly status: number;
  readonly headers: Headers;
  readonly body: ZoomErrorBody | null;
  /** `POST /users/me/meetings`, for the message. */
  readonly action: string;
}

const DAY_MS = 86_400_000;
const DAILY_LIMIT_MESSAGE = /daily rate limit/i;
const PER_SECOND_MESSAGE = /per-second rate limit/i;

/**
 * Reads `Retry-After`: delta seconds, an HTTP date or an ISO timestamp (Zoom sends both kinds).
 *
 * @example
 * parseRetryAfterSeconds('2026-11-21T00:00:00Z', new Date('2026-11-20T23:59:00Z')) // 60
 */
export function parseRetryAfterSeconds(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const atMs = Date.parse(value.trim());
  if (Number.isNaN(atMs)) return null;
  return Math.max(0, Math.ceil((atMs - now.getTime()) / 1000));
}

/**
 * Seconds to wait after a 429 when `Retry-After` is missing (forum threads show Zoom's headers
 * absent at times): the daily per-user cap resets at 00:00 UTC, the per-second bucket in a second.
 *
 * @example
 * retryAfterFromMessage('You have reached the maximum per-second rate limit for this API.', now) // 1
 */
export function retryAfterFromMessage(message: string, now: Date): number | null {
  if (DAILY_LIMIT_MESSAGE.test(message)) {
    const nextMidnightMs = (Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS;
    return Math.ceil((nextMidnightMs - now.getTime()) / 1000);
  }
  if (PER_SECOND_MESSAGE.test(message)) return 1;
  return null;
}

function describe(body: ZoomErrorBody | null): string {
  if (body === null) return 'no error body';
  const main = body.message ?? body.reason ?? body.error ?? 'no message';
  const fields = (body.errors ?? [])
    .map((e) => `${e.field ?? '?'}: ${e.message ?? '?'}`)
    .join('; ');
  return fields === '' ? main : `${main} (${fields})`;
}

function providerCodeOf(body: ZoomErrorBody | null): string | undefined {
  if (body === null) return undefined;
  if (body.code !== undefined) return String(body.code);
  return body.error;
}

/**
 * Translates a failed Zoom answer into a core `ProviderError`.
 *
 * @example
 * if (!response.ok) throw toZoomError({ status, headers, body, action: 'PATCH /meetings/1' }, now());
 */
export function toZoomError(failure: ZoomFailure, now: Date): ProviderError {
  const { status, body } = failure;
  const providerCode = providerCodeOf(body);
  const options = {
    status,
    cause: failure,
    ...(providerCode === undefined ? {} : { providerCode }),
  };
  const message = `Zoom ${failure.action} failed (${status}): ${describe(body)}`;
  const retryAfterHeader = parseRetryAfterSeconds(failure.headers.get('retry-after'), now);
  if (status === 429) {
    const retryAfterSeconds =
      retryAfterHeader ?? retryAfterFromMessage(body?.message ?? '', now) ?? undefined;
    return new RateLimitedError(message, {
      ...options,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  if (status >= 500) {
    return new TransientProviderError(message, {
      ...options,
      ...(retryAfterHeader === null ? {} : { retryAfterSeconds: retryAfterHeader }),
    });
  }
  if (status === 401) return new AuthError(message, options);
  // 404 code 1001 is an unknown host user: configuration, not a vanished meeting to recreate.
  if (status === 404 && providerCode !== String(ZOOM_ERROR_CODES.userNotFound)) {
    return new NotFoundError(message, options);
  }
  return new NonRetryableProviderError(message, options);
}

/**
 * A request that never got an answer (DNS, reset, timeout): transient.
 *
 * @example
 * try { response = await fetch(url); } catch (error) { throw networkError(error, 'GET /meetings/1'); }
 */
export function networkError(error: unknown, action: string): TransientProviderError {
  const reason = error instanceof Error ? error.message : String(error);
  return new TransientProviderError(`Zoom ${action} failed: no answer (${reason})`, {
    cause: error,
  });
}

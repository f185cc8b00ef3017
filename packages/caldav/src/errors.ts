import {
  AuthError,
  NonRetryableProviderError,
  NotFoundError,
  PreconditionFailedError,
  ProviderError,
  RateLimitedError,
  TransientProviderError,
} from '@calsync/core';
import type { CalDAVFlavour } from './facts.js';

/** Stable codes of {@link connectCalDAV} failures; the server maps them to its wire codes. */
export type CalDAVConnectErrorCode = 'caldav_auth_failed' | 'caldav_discovery_failed';

const APP_SPECIFIC_PASSWORD_HINT =
  'Sign in with your Apple ID and an app-specific password: create one at https://account.apple.com ' +
  '(Sign-In and Security → App-Specific Passwords). Your normal Apple ID password does not work for CalDAV.';
const GENERIC_AUTH_HINT =
  'Check the user name and password. If your provider uses two-factor authentication, create an ' +
  'app password for calendar access and use it here.';

/**
 * The server refused the user name or password while connecting (HTTP 401). A value, not a
 * crash: the server answers 422 `caldav_auth_failed` with {@link CalDAVAuthFailedError.hint}.
 *
 * @example
 * const result = await connectCalDAV({ flavour: 'icloud', username, password });
 * if (!result.ok && result.error.code === 'caldav_auth_failed') reply(422, result.error.hint);
 */
export class CalDAVAuthFailedError extends ProviderError {
  override readonly name = 'CalDAVAuthFailedError';
  readonly errorClass = 'auth';
  readonly code = 'caldav_auth_failed';
  /** Retrying with the same password cannot help. */
  readonly permanent = true;
  /** What the user should do; mentions app-specific passwords for iCloud. */
  readonly hint: string;
  constructor(flavour: CalDAVFlavour, options: { cause?: unknown; status?: number } = {}) {
    super('the CalDAV server rejected the credentials', options);
    this.hint = flavour === 'icloud' ? APP_SPECIFIC_PASSWORD_HINT : GENERIC_AUTH_HINT;
  }
}

/**
 * Connecting worked at the HTTP level but the server is not a usable CalDAV server: no
 * principal, no calendar home, unreachable, or an unexpected answer.
 *
 * @example
 * if (!result.ok && result.error.code === 'caldav_discovery_failed') reply(422, result.error.message);
 */
export class CalDAVDiscoveryError extends ProviderError {
  override readonly name = 'CalDAVDiscoveryError';
  readonly errorClass = 'non_retryable';
  readonly code = 'caldav_discovery_failed';
  readonly hint =
    'Check the server URL: it should point at your CalDAV server or its calendar home.';
}

/** Either connect failure. */
export type CalDAVConnectError = CalDAVAuthFailedError | CalDAVDiscoveryError;

/** Parses `Retry-After` (seconds or HTTP date) into whole seconds. */
export function retryAfterSeconds(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now.getTime()) / 1000));
}

/**
 * Translates an HTTP status of a CalDAV answer into core's error classes, keeping the answer
 * as `cause`. Used at the boundary only; callers that expect a status (412 on create, 404 on
 * delete) check it before calling this.
 *
 * @example
 * throw errorForStatus(503, 'PUT /cal/a.ics', { retryAfter: '10', now: new Date() });
 */
export function errorForStatus(
  status: number,
  what: string,
  options: { retryAfter?: string | null; now: Date; cause?: unknown; providerCode?: string },
): ProviderError {
  const message = `CalDAV ${what} answered ${status}`;
  const base = {
    status,
    ...(options.cause === undefined ? {} : { cause: options.cause }),
    ...(options.providerCode ? { providerCode: options.providerCode } : {}),
  };
  const retryAfter = retryAfterSeconds(options.retryAfter ?? null, options.now);
  const withRetry = retryAfter === undefined ? base : { ...base, retryAfterSeconds: retryAfter };
  if (status === 401) return new AuthError(message, base);
  if (status === 404 || status === 410) return new NotFoundError(message, base);
  if (status === 412) return new PreconditionFailedError(message, base);
  if (status === 429) return new RateLimitedError(message, withRetry);
  if (status >= 500 || status === 408) return new TransientProviderError(message, withRetry);
  return new NonRetryableProviderError(message, base);
}

/**
 * A network failure (DNS, reset, timeout) as a transient error. A core error thrown by the
 * injected `fetch` itself (the server's unreachable or answer-too-large errors) keeps its class.
 */
export function networkError(what: string, cause: unknown): ProviderError {
  if (cause instanceof ProviderError) return cause;
  return new TransientProviderError(`CalDAV ${what} failed: ${String(cause)}`, { cause });
}

import type { ProviderError } from '@calsync/core';
import {
  AuthError,
  NonRetryableProviderError,
  RateLimitedError,
  TransientProviderError,
} from '@calsync/core';
import { MICROSOFT_SCOPES, REFRESH_MARGIN_SECONDS } from '../facts.js';
import { parseRetryAfterSeconds } from '../graph/errors.js';
import type { MicrosoftOAuthConfig } from './authorize.js';
import { identityEndpoint } from './authorize.js';

/** Tokens to store (encrypted) for a connection. */
export interface MicrosoftTokens {
  readonly accessToken: string;
  /** Rotates: every refresh returns a new one; always store the newest. */
  readonly refreshToken: string;
  /** When the access token expires (UTC). */
  readonly expiresAt: string;
  readonly scopes: readonly string[];
}

/** Side effects of the token helpers. */
export interface TokenIO {
  readonly fetch: typeof fetch;
  readonly now: () => Date;
}

/**
 * Identity platform `error` values that need the user to sign in again: refreshing will never
 * work (revoked, expired by inactivity, SPA lifetime, password change, consent or MFA needed).
 */
export const PERMANENT_AUTH_ERRORS: readonly string[] = [
  'invalid_grant',
  'interaction_required',
  'consent_required',
  'login_required',
];

/** Errors that mean our app registration or request is wrong, not the user's grant. */
export const CONFIGURATION_ERRORS: readonly string[] = [
  'invalid_client',
  'unauthorized_client',
  'invalid_request',
  'invalid_scope',
  'unsupported_grant_type',
];

interface TokenResponse {
  readonly access_token?: string;
  readonly refresh_token?: string;
  readonly expires_in?: number | string;
  readonly scope?: string;
  readonly error?: string;
  readonly error_description?: string;
}

/**
 * True when the access token should be refreshed now: less than five minutes (by default) left.
 *
 * @example
 * shouldRefresh('2026-03-01T10:04:00.000Z', new Date('2026-03-01T10:00:00.000Z')) // true
 */
export function shouldRefresh(
  expiresAt: string,
  now: Date,
  marginSeconds = REFRESH_MARGIN_SECONDS,
): boolean {
  const expiresMs = Date.parse(expiresAt);
  return Number.isNaN(expiresMs) || expiresMs - now.getTime() <= marginSeconds * 1000;
}

function tokenError(
  status: number,
  body: TokenResponse,
  retryAfter: string | null,
  now: Date,
): ProviderError {
  const code = body.error ?? `http_${status}`;
  const message = `Microsoft token endpoint: ${code}${body.error_description ? ` — ${body.error_description.split('\r\n')[0]}` : ''}`;
  const base = { status, providerCode: code };
  if (PERMANENT_AUTH_ERRORS.includes(code))
    return new AuthError(message, { ...base, permanent: true });
  if (status === 429) {
    const seconds = parseRetryAfterSeconds(retryAfter, now);
    return new RateLimitedError(message, {
      ...base,
      ...(seconds !== null ? { retryAfterSeconds: seconds } : {}),
    });
  }
  if (status >= 500 || code === 'temporarily_unavailable')
    return new TransientProviderError(message, base);
  if (status === 401) return new AuthError(message, base);
  if (CONFIGURATION_ERRORS.includes(code)) return new NonRetryableProviderError(message, base);
  return new NonRetryableProviderError(message, base);
}

async function postToken(
  config: MicrosoftOAuthConfig,
  io: TokenIO,
  fields: Record<string, string>,
  previousRefreshToken: string | null,
): Promise<MicrosoftTokens> {
  const form = new URLSearchParams({ client_id: config.clientId, ...fields });
  if (config.clientSecret) form.set('client_secret', config.clientSecret);
  const startedAt = io.now();
  let response: Response;
  let body: TokenResponse;
  try {
    response = await io.fetch(identityEndpoint(config, 'token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    body = (await response.json().catch(() => ({}))) as TokenResponse;
  } catch (error) {
    throw new TransientProviderError(
      `Microsoft token endpoint unreachable: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (!response.ok || !body.access_token) {
    throw tokenError(response.status, body, response.headers.get('retry-after'), io.now());
  }
  const refreshToken = body.refresh_token ?? previousRefreshToken;
  if (!refreshToken) {
    throw new AuthError('Microsoft issued no refresh token (was offline_access granted?)', {
      permanent: true,
    });
  }
  const expiresInSeconds = Number(body.expires_in ?? 3600);
  return {
    accessToken: body.access_token,
    refreshToken,
    expiresAt: new Date(startedAt.getTime() + expiresInSeconds * 1000).toISOString(),
    scopes: (body.scope ?? '').split(/\s+/).filter(Boolean),
  };
}

/**
 * Redeems the authorization code (with the PKCE verifier) for tokens.
 *
 * @example
 * const tokens = await exchangeCode(config, { fetch, now }, { code, redirectUri, codeVerifier });
 */
export function exchangeCode(
  config: MicrosoftOAuthConfig,
  io: TokenIO,
  input: { readonly code: string; readonly redirectUri: string; readonly codeVerifier: string },
): Promise<MicrosoftTokens> {
  return postToken(
    config,
    io,
    {
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.codeVerifier,
      scope: (config.scopes ?? MICROSOFT_SCOPES).join(' '),
    },
    null,
  );
}

/**
 * Refreshes the access token. The answer carries a NEW refresh token: store it in place of the
 * old one (Microsoft does not revoke the old one, but only the newest is guaranteed to work).
 * `invalid_grant` (revoked, expired) throws `AuthError` with `permanent: true`.
 *
 * @example
 * if (shouldRefresh(stored.expiresAt, now())) stored = await refreshTokens(config, io, stored.refreshToken);
 */
export function refreshTokens(
  config: MicrosoftOAuthConfig,
  io: TokenIO,
  refreshToken: string,
): Promise<MicrosoftTokens> {
  return postToken(
    config,
    io,
    {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      scope: (config.scopes ?? MICROSOFT_SCOPES).join(' '),
    },
    refreshToken,
  );
}

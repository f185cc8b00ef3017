import { createHash, randomBytes } from 'node:crypto';
import {
  AuthError,
  NonRetryableProviderError,
  type ProviderError,
  RateLimitedError,
  TransientProviderError,
} from '@calsync/core';
import {
  GOOGLE_OAUTH_ENDPOINTS,
  GOOGLE_SCOPES,
  type GoogleOAuthEndpoints,
  REQUIRED_GOOGLE_SCOPES,
} from './endpoints.js';
import { parseRetryAfter } from './errors.js';

/** Refresh this long before the access token expires (ARCHITECTURE.md: 5 minutes). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Whether an access token should be refreshed now: when it expires within the margin (or has
 * expired). Pure; the clock is an argument.
 *
 * @example
 * needsRefresh('2026-03-01T10:04:00Z', new Date('2026-03-01T10:00:00Z')) // true (4 min left)
 */
export function needsRefresh(
  expiresAt: Date | string,
  now: Date,
  marginMs: number = TOKEN_REFRESH_MARGIN_MS,
): boolean {
  const expiresMs = typeof expiresAt === 'string' ? Date.parse(expiresAt) : expiresAt.getTime();
  if (Number.isNaN(expiresMs)) return true;
  return expiresMs - now.getTime() <= marginMs;
}

/** A PKCE pair: keep `codeVerifier` server-side with the state; send the challenge. */
export interface PKCEPair {
  readonly codeVerifier: string;
  readonly codeChallenge: string;
  readonly codeChallengeMethod: 'S256';
}

/**
 * A fresh PKCE verifier (43 characters of base64url, RFC 7636 §4.1) and its S256 challenge.
 *
 * @example
 * const { codeVerifier, codeChallenge } = createPKCEPair();
 */
export function createPKCEPair(random: (bytes: number) => Uint8Array = randomBytes): PKCEPair {
  const codeVerifier = Buffer.from(random(32)).toString('base64url');
  return {
    codeVerifier,
    codeChallenge: codeChallengeS256(codeVerifier),
    codeChallengeMethod: 'S256',
  };
}

/** `BASE64URL(SHA256(verifier))`. */
export function codeChallengeS256(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

/** An unguessable `state` value (CSRF protection for the callback). */
export function createOAuthState(random: (bytes: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(24)).toString('base64url');
}

/** The app's OAuth client at Google (or at the sandbox). */
export interface GoogleOAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Must be registered on the OAuth client, e.g. `${CALSYNC_BASE_URL}/api/v1/calendar-integrations/google/callback`. */
  readonly redirectUri: string;
  readonly endpoints?: GoogleOAuthEndpoints;
  readonly scopes?: readonly string[];
}

/** Tokens from the token endpoint. */
export interface GoogleTokenSet {
  readonly accessToken: string;
  /** Absolute expiry, from `expires_in` and the injected clock. */
  readonly expiresAt: string;
  /** Only from a code exchange with `access_type=offline` (and rarely on refresh). */
  readonly refreshToken: string | null;
  readonly scopes: readonly string[];
  readonly idToken: string | null;
}

/** A code exchange's result, with the calendar scopes the user unticked on the consent screen. */
export interface GoogleCodeExchange extends GoogleTokenSet {
  /** Non-empty when granular consent left out a scope the adapter needs: ask again. */
  readonly missingScopes: readonly string[];
}

/** Side effects of {@link GoogleOAuth}. */
export interface GoogleOAuthDeps {
  readonly fetch: typeof fetch;
  readonly now: () => Date;
}

interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  scope?: unknown;
  id_token?: unknown;
}

/** OAuth error codes that mean the grant is gone for good: ask the user to connect again. */
const PERMANENT_GRANT_ERRORS: ReadonlySet<string> = new Set(['invalid_grant']);
/** OAuth error codes that mean our client configuration is wrong (not the user's fault). */
const CLIENT_ERRORS: ReadonlySet<string> = new Set([
  'invalid_client',
  'unauthorized_client',
  'redirect_uri_mismatch',
]);

/**
 * Google's OAuth 2.0 authorization code flow with PKCE, as plain form posts through the
 * injected `fetch` (the Calendar API itself goes through the official client). Same shape as
 * Arctic's providers: build the URL, exchange the code, refresh, revoke.
 *
 * @example
 * const oauth = new GoogleOAuth({ clientId, clientSecret, redirectUri }, { fetch, now: () => new Date() });
 * const pkce = createPKCEPair();
 * const url = oauth.createAuthorizationURL({ state: createOAuthState(), codeChallenge: pkce.codeChallenge, loginHint: 'ann@example.com' });
 * // …redirect, then on the callback:
 * const tokens = await oauth.exchangeCode(code, pkce.codeVerifier);
 */
export class GoogleOAuth {
  readonly endpoints: GoogleOAuthEndpoints;
  readonly scopes: readonly string[];

  constructor(
    private readonly config: GoogleOAuthConfig,
    private readonly deps: GoogleOAuthDeps,
  ) {
    this.endpoints = config.endpoints ?? GOOGLE_OAUTH_ENDPOINTS;
    this.scopes = config.scopes ?? GOOGLE_SCOPES;
  }

  /**
   * The consent URL: code flow, PKCE S256, `access_type=offline` (a refresh token) and
   * `prompt=consent` (a NEW refresh token on re-consent; Google sends none otherwise).
   */
  createAuthorizationURL(input: { state: string; codeChallenge: string; loginHint?: string }): URL {
    const url = new URL(this.endpoints.authorization);
    const params: [string, string][] = [
      ['response_type', 'code'],
      ['client_id', this.config.clientId],
      ['redirect_uri', this.config.redirectUri],
      ['scope', this.scopes.join(' ')],
      ['state', input.state],
      ['code_challenge', input.codeChallenge],
      ['code_challenge_method', 'S256'],
      ['access_type', 'offline'],
      ['prompt', 'consent'],
      ['include_granted_scopes', 'true'],
    ];
    if (input.loginHint !== undefined && input.loginHint !== '')
      params.push(['login_hint', input.loginHint]);
    for (const [name, value] of params) url.searchParams.set(name, value);
    return url;
  }

  /** Exchanges the callback's code; `invalid_grant` (used or expired code) → permanent `AuthError`. */
  async exchangeCode(code: string, codeVerifier: string): Promise<GoogleCodeExchange> {
    const tokens = await this.tokenRequest({
      grant_type: 'authorization_code',
      code,
      code_verifier: codeVerifier,
      redirect_uri: this.config.redirectUri,
    });
    const granted = new Set(tokens.scopes);
    return {
      ...tokens,
      missingScopes: REQUIRED_GOOGLE_SCOPES.filter((scope) => !granted.has(scope)),
    };
  }

  /**
   * A new access token for a refresh token. `invalid_grant` (revoked, expired, testing-mode
   * 7-day limit, too many tokens) → `AuthError` with `permanent: true`: park the connection.
   */
  async refresh(refreshToken: string): Promise<GoogleTokenSet> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Revokes a token (a refresh token revokes the whole grant); an already dead token is fine. */
  async revoke(token: string): Promise<void> {
    const response = await this.post(this.endpoints.revocation, { token });
    if (response.ok) return;
    const body = await readJson(response);
    if (response.status === 400 && body.error === 'invalid_token') return;
    throw this.errorFor(response, body);
  }

  /** The account's e-mail address from the userinfo endpoint (`openid email` scopes). */
  async fetchUserEmail(accessToken: string): Promise<string> {
    const response = await this.send(this.endpoints.userinfo, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    const body = await readJson(response);
    if (!response.ok) {
      throw response.status === 401
        ? new AuthError('Google userinfo: access token refused', { status: 401 })
        : this.errorFor(response, body);
    }
    if (typeof body.email !== 'string' || body.email === '') {
      throw new NonRetryableProviderError(
        'Google userinfo: no email (is the `email` scope granted?)',
      );
    }
    return body.email.toLowerCase();
  }

  private async tokenRequest(form: Record<string, string>): Promise<GoogleTokenSet> {
    const response = await this.post(this.endpoints.token, {
      ...form,
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
    });
    const body = (await readJson(response)) as TokenResponse & Record<string, unknown>;
    if (!response.ok) throw this.errorFor(response, body);
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new NonRetryableProviderError(
        'Google token endpoint: answer without access_token/expires_in',
      );
    }
    return {
      accessToken: body.access_token,
      expiresAt: new Date(this.deps.now().getTime() + body.expires_in * 1000).toISOString(),
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
      scopes: typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [],
      idToken: typeof body.id_token === 'string' ? body.id_token : null,
    };
  }

  private post(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.deps.fetch(url, init);
    } catch (error) {
      throw new TransientProviderError(`Google OAuth: ${url} unreachable`, { cause: error });
    }
  }

  private errorFor(response: Response, body: Record<string, unknown>): ProviderError {
    const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
    const description =
      typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
    const message = `Google OAuth ${code}${description}`;
    const options = { status: response.status, providerCode: code };
    if (PERMANENT_GRANT_ERRORS.has(code))
      return new AuthError(message, { ...options, permanent: true });
    const retryAfter = parseRetryAfter(
      response.headers.get('retry-after'),
      this.deps.now().getTime(),
    );
    const retry = retryAfter === null ? {} : { retryAfterSeconds: retryAfter };
    if (response.status === 429) return new RateLimitedError(message, { ...options, ...retry });
    if (response.status >= 500)
      return new TransientProviderError(message, { ...options, ...retry });
    if (CLIENT_ERRORS.has(code)) return new NonRetryableProviderError(message, options);
    if (response.status === 401) return new AuthError(message, options);
    return new NonRetryableProviderError(message, options);
  }
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text().catch(() => '');
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

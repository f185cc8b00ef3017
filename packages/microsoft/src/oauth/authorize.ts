import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IDENTITY_BASE_URL, MICROSOFT_SCOPES } from '../facts.js';

/** App registration and endpoints shared by every OAuth helper. */
export interface MicrosoftOAuthConfig {
  /** `MICROSOFT_CLIENT_ID`. */
  readonly clientId: string;
  /** `MICROSOFT_CLIENT_SECRET` (confidential web app). */
  readonly clientSecret?: string;
  /** `MICROSOFT_TENANT`: a tenant id, `organizations` or `common` (default). */
  readonly tenant?: string;
  /** Identity platform root; the sandbox's `…/sandbox/microsoft` in tests. */
  readonly identityBaseUrl?: string;
  /** Default {@link MICROSOFT_SCOPES}. */
  readonly scopes?: readonly string[];
}

/** Random bytes source, injected so tests get fixed state and verifiers. */
export type RandomBytes = (size: number) => Uint8Array;

const defaultRandom: RandomBytes = (size) => randomBytes(size);

/** `…/{tenant}/oauth2/v2.0/{endpoint}`. */
export function identityEndpoint(
  config: MicrosoftOAuthConfig,
  endpoint: 'authorize' | 'token',
): string {
  const base = (config.identityBaseUrl ?? IDENTITY_BASE_URL).replace(/\/+$/, '');
  return `${base}/${encodeURIComponent(config.tenant ?? 'common')}/oauth2/v2.0/${endpoint}`;
}

/**
 * The S256 PKCE challenge of a verifier (RFC 7636).
 *
 * @example
 * pkceChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk') // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 */
export function pkceChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** What the server keeps (server side, keyed by `state`) until the callback arrives. */
export interface MicrosoftAuthorizationRequest {
  /** Send the browser here. */
  readonly url: string;
  /** CSRF token; the callback must come back with exactly this value, once. */
  readonly state: string;
  /** PKCE verifier; needed for the code exchange. Never sent to the browser. */
  readonly codeVerifier: string;
}

/**
 * Builds the v2 authorization-code URL with `state` and PKCE (S256).
 *
 * @example
 * const auth = createAuthorizationRequest(config, {
 *   redirectUri: `${baseUrl}/api/v1/calendar-integrations/outlook/callback`,
 * });
 * await pendingStates.save(auth.state, auth.codeVerifier);
 * return { authorization_url: auth.url, state: auth.state };
 */
export function createAuthorizationRequest(
  config: MicrosoftOAuthConfig,
  options: {
    readonly redirectUri: string;
    readonly loginHint?: string;
    readonly random?: RandomBytes;
  },
): MicrosoftAuthorizationRequest {
  const random = options.random ?? defaultRandom;
  const state = Buffer.from(random(24)).toString('base64url');
  const codeVerifier = Buffer.from(random(48)).toString('base64url');
  const url = new URL(identityEndpoint(config, 'authorize'));
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('response_mode', 'query');
  url.searchParams.set('scope', (config.scopes ?? MICROSOFT_SCOPES).join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', pkceChallengeS256(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (options.loginHint) url.searchParams.set('login_hint', options.loginHint);
  return { url: url.toString(), state, codeVerifier };
}

/** What the callback carried. */
export type MicrosoftCallback =
  | { readonly kind: 'code'; readonly code: string; readonly state: string }
  | {
      readonly kind: 'error';
      readonly error: string;
      readonly description: string | null;
      readonly state: string | null;
    };

/**
 * Reads the redirect back from Microsoft and checks `state` (constant time) against the stored
 * one. Throws on a missing or different state: the callback must be refused.
 */
export function parseAuthorizationCallback(
  callbackUrl: string | URL,
  expectedState: string,
): MicrosoftCallback {
  const url =
    typeof callbackUrl === 'string' ? new URL(callbackUrl, 'http://localhost') : callbackUrl;
  const state = url.searchParams.get('state');
  const error = url.searchParams.get('error');
  if (error)
    return { kind: 'error', error, description: url.searchParams.get('error_description'), state };
  const code = url.searchParams.get('code');
  if (!state || !sameSecret(state, expectedState)) throw new OAuthStateMismatchError();
  if (!code) throw new OAuthStateMismatchError('callback without a code');
  return { kind: 'code', code, state };
}

/** The callback's `state` is missing or is not the one we issued. */
export class OAuthStateMismatchError extends Error {
  override readonly name = 'OAuthStateMismatchError';
  readonly code = 'oauth_state_mismatch';
  constructor(message = 'OAuth state missing or not the one issued') {
    super(message);
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

import { AuthError } from '@calsync/core';
import type { ZoomErrorBody } from './errors.js';
import { networkError, toZoomError } from './errors.js';
import { TOKEN_REFRESH_MARGIN_MS } from './facts.js';
import { readJSON } from './json.js';

/** Server-to-server OAuth credentials of a Zoom app (Marketplace → "Server-to-Server OAuth"). */
export interface ZoomCredentials {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What the token source needs. */
export interface ZoomTokenSourceOptions extends ZoomCredentials {
  /** `https://zoom.us/oauth/token`, or the sandbox's `…/sandbox/zoom/oauth/token`. */
  readonly oauthTokenUrl: string;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
}

/** Hands out a bearer token, fetching a new one only when needed. */
export interface ZoomTokenSource {
  /** A token valid for at least {@link TOKEN_REFRESH_MARGIN_MS} more. */
  accessToken(): Promise<string>;
  /** Drops `token` (Zoom answered 401 to it); a newer cached token is kept. */
  invalidate(token: string): void;
}

interface CachedToken {
  readonly accessToken: string;
  readonly expiresAtMs: number;
}

interface TokenAnswer {
  readonly access_token?: unknown;
  readonly expires_in?: unknown;
}

/**
 * Server-to-server OAuth (PROTOCOLS.md §4.1): `POST /oauth/token` with Basic client auth and
 * `grant_type=account_credentials&account_id=…`. There is no refresh token, so a new token is
 * requested shortly before expiry, by the injected clock. One token per source and one request in
 * flight at a time: a forum report says reissuing can invalidate the previous token.
 *
 * @example
 * const tokens = createZoomTokenSource({ accountId, clientId, clientSecret, oauthTokenUrl, fetch, now: () => new Date() });
 * const bearer = await tokens.accessToken();
 */
export function createZoomTokenSource(options: ZoomTokenSourceOptions): ZoomTokenSource {
  let cached: CachedToken | null = null;
  let inFlight: Promise<CachedToken> | null = null;

  const isFresh = (token: CachedToken): boolean =>
    options.now().getTime() < token.expiresAtMs - TOKEN_REFRESH_MARGIN_MS;

  const request = async (): Promise<CachedToken> => {
    const action = 'POST /oauth/token';
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64');
    let response: Response;
    try {
      response = await options.fetch(options.oauthTokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'account_credentials',
          account_id: options.accountId,
        }).toString(),
      });
    } catch (error) {
      throw networkError(error, action);
    }
    const body = await readJSON(response);
    if (!response.ok) {
      const failure = {
        status: response.status,
        headers: response.headers,
        body: body as ZoomErrorBody | null,
        action,
      };
      // Wrong client id/secret or account id: a new attempt cannot help until someone fixes them.
      if (response.status === 400 || response.status === 401) {
        const translated = toZoomError(failure, options.now());
        throw new AuthError(translated.message, {
          status: response.status,
          cause: failure,
          permanent: true,
          ...(translated.providerCode === null ? {} : { providerCode: translated.providerCode }),
        });
      }
      throw toZoomError(failure, options.now());
    }
    const answer = (body ?? {}) as TokenAnswer;
    if (typeof answer.access_token !== 'string' || typeof answer.expires_in !== 'number') {
      throw new AuthError('Zoom token endpoint answered without access_token / expires_in', {
        status: response.status,
      });
    }
    return {
      accessToken: answer.access_token,
      expiresAtMs: options.now().getTime() + answer.expires_in * 1000,
    };
  };

  return {
    async accessToken() {
      if (cached !== null && isFresh(cached)) return cached.accessToken;
      inFlight ??= request().finally(() => {
        inFlight = null;
      });
      cached = await inFlight;
      return cached.accessToken;
    },
    invalidate(token) {
      if (cached?.accessToken === token) cached = null;
    },
  };
}

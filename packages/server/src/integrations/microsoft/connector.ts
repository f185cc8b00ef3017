import {
  exchangeCode,
  IDENTITY_BASE_URL,
  MICROSOFT_SCOPES,
  readAccountEmail,
} from '@calsync/microsoft';
import type { OAuthConnector } from '../../connect/connectors.js';
import { oauthConfig } from './entry.js';
import { microsoftEndpoints, type MicrosoftIntegrationOptions } from './options.js';

/**
 * The Outlook connect flow: the identity platform v2 authorization URL (code flow, the server's
 * `state` and PKCE S256 challenge, `response_mode=query`) and the code exchange, which names the
 * connection after the mailbox (`/me` mail, else userPrincipalName) and stores the tokens.
 * A bad or used code is core's permanent `AuthError` (the route answers `invalid_grant`).
 *
 * @example
 * const connectors = { microsoft: microsoftConnector(options) };
 */
export function microsoftConnector(options: MicrosoftIntegrationOptions): OAuthConnector {
  const io = { fetch: options.fetch ?? globalThis.fetch, now: options.now ?? (() => new Date()) };
  return {
    provider: 'microsoft',
    authorizationUrl({ state, codeChallenge, redirectUri, loginHint }) {
      const config = oauthConfig(options);
      const base = (config.identityBaseUrl ?? IDENTITY_BASE_URL).replace(/\/+$/, '');
      const url = new URL(
        `${base}/${encodeURIComponent(config.tenant ?? 'common')}/oauth2/v2.0/authorize`,
      );
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('redirect_uri', redirectUri);
      url.searchParams.set('response_mode', 'query');
      url.searchParams.set('scope', MICROSOFT_SCOPES.join(' '));
      url.searchParams.set('state', state);
      url.searchParams.set('code_challenge', codeChallenge);
      url.searchParams.set('code_challenge_method', 'S256');
      if (loginHint) url.searchParams.set('login_hint', loginHint);
      return url.toString();
    },
    async exchangeCode({ code, codeVerifier, redirectUri }) {
      const tokens = await exchangeCode(oauthConfig(options), io, {
        code,
        codeVerifier,
        redirectUri,
      });
      const { graphBaseUrl } = microsoftEndpoints(options);
      const accountEmail = await readAccountEmail(
        { ...io, ...(graphBaseUrl ? { graphBaseUrl } : {}) },
        tokens.accessToken,
      );
      return {
        accountEmail,
        credentials: {
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken,
          accessTokenExpiresAt: tokens.expiresAt,
          scope: tokens.scopes.join(' '),
        },
      };
    },
  };
}

import { AuthError } from '@calsync/core';
import { GoogleOAuth } from '@calsync/google';
import type { AuthorisedAccount, OAuthConnector } from '../../connect/connectors.js';
import { resolveGoogleEndpoints, type GoogleIntegrationOptions } from './options.js';

function oauthFor(options: GoogleIntegrationOptions, redirectUri: string): GoogleOAuth {
  return new GoogleOAuth(
    {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      redirectUri,
      endpoints: resolveGoogleEndpoints(options).oauth,
    },
    { fetch: options.fetch, now: options.now },
  );
}

/**
 * Google's side of the connect flow. The consent URL asks for offline access (a refresh token),
 * forces the consent prompt (a new refresh token on reconnect), carries state, the PKCE S256
 * challenge and the login hint. The code exchange also reads the account's address from the
 * userinfo endpoint. Unticked calendar scopes or a missing refresh token are refused as a
 * permanent `AuthError` (the user is asked to connect again), as is a bad or used code.
 *
 * @example
 * const connectors = { google: googleConnector({ clientId, clientSecret, fetch, now }) };
 */
export function googleConnector(options: GoogleIntegrationOptions): OAuthConnector {
  return {
    provider: 'google',
    authorizationUrl: ({ state, codeChallenge, redirectUri, loginHint }) =>
      oauthFor(options, redirectUri)
        .createAuthorizationURL({
          state,
          codeChallenge,
          ...(loginHint === undefined ? {} : { loginHint }),
        })
        .toString(),
    exchangeCode: async ({ code, codeVerifier, redirectUri }): Promise<AuthorisedAccount> => {
      const oauth = oauthFor(options, redirectUri);
      const tokens = await oauth.exchangeCode(code, codeVerifier);
      if (tokens.missingScopes.length) {
        throw new AuthError(
          `Google consent left out required scopes: ${tokens.missingScopes.join(' ')}`,
          { permanent: true },
        );
      }
      if (!tokens.refreshToken) {
        throw new AuthError('Google granted no refresh token (offline access)', {
          permanent: true,
        });
      }
      const accountEmail = await oauth.fetchUserEmail(tokens.accessToken);
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

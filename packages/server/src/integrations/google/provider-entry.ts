import { AuthError } from '@calsync/core';
import { createGoogleAdapter, GoogleOAuth, type Pacer } from '@calsync/google';
import type { StoredCredentials } from '../../providers/credentials.js';
import type { ProviderEntry, RefreshContext } from '../../providers/registry.js';
import { resolveGoogleEndpoints, type GoogleIntegrationOptions } from './options.js';

/**
 * Exchanges a connection's refresh token for a new access token. A missing refresh token or
 * Google's `invalid_grant` (revoked, expired, Testing-mode 7-day limit) is a permanent
 * `AuthError`: the connection needs the user to connect again. A rotated refresh token is kept.
 *
 * @example
 * const next = await refreshGoogleCredentials(options, credentials, { fetch, now });
 */
export async function refreshGoogleCredentials(
  options: GoogleIntegrationOptions,
  credentials: StoredCredentials,
  context: RefreshContext,
): Promise<StoredCredentials> {
  if (!credentials.refreshToken) {
    throw new AuthError('Google connection has no refresh token', { permanent: true });
  }
  const oauth = new GoogleOAuth(
    {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      // Not sent on a refresh grant; required by the client's shape only.
      redirectUri: '',
      endpoints: resolveGoogleEndpoints(options).oauth,
    },
    { fetch: context.fetch, now: context.now },
  );
  const tokens = await oauth.refresh(credentials.refreshToken);
  return {
    ...credentials,
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.expiresAt,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    ...(tokens.scopes.length ? { scope: tokens.scopes.join(' ') } : {}),
  };
}

/** The one pacer of a Google account (every adapter of the account must get the same). */
export type PacerFor = (accountKey: string) => Pacer;

/**
 * The registry entry of Google: the adapter of a connection, paced per Google account by the
 * pacer `pacerFor` answers, and the token refresh.
 *
 * @example
 * const pacers = new RequestPacers();
 * registry.register('google', googleProviderEntry(options, (account) => pacers.for(account)));
 */
export function googleProviderEntry(
  options: GoogleIntegrationOptions,
  pacerFor: PacerFor,
): ProviderEntry {
  return {
    createAdapter: ({ connection, context }) => {
      const endpoints = resolveGoogleEndpoints(options);
      return createGoogleAdapter(context, {
        apiRootUrl: endpoints.apiRootUrl,
        oauthEndpoints: endpoints.oauth,
        pacer: pacerFor(connection.account_email ?? connection.id),
        ...(options.sendUpdates ? { sendUpdates: options.sendUpdates } : {}),
      });
    },
    refresh: (credentials, context) => refreshGoogleCredentials(options, credentials, context),
  };
}

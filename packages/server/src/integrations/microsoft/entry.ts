import { AuthError } from '@calsync/core';
import {
  createMicrosoftAdapter,
  MailboxLimiter,
  refreshTokens,
  type RequestLimiter,
  type MicrosoftOAuthConfig,
} from '@calsync/microsoft';
import { SharedMailboxLimiter } from '../../limits/shared-mailbox-limiter.js';
import type { StoredCredentials } from '../../providers/credentials.js';
import type { ProviderEntry } from '../../providers/registry.js';
import { microsoftEndpoints, type MicrosoftIntegrationOptions } from './options.js';

/** The identity-platform configuration of the app registration. */
export function oauthConfig(options: MicrosoftIntegrationOptions): MicrosoftOAuthConfig {
  const { identityBaseUrl } = microsoftEndpoints(options);
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tenant: options.tenant ?? 'common',
    ...(identityBaseUrl ? { identityBaseUrl } : {}),
  };
}

/**
 * The provider registry entry for `microsoft`: one Graph adapter per connection (its privacy
 * level sets `sensitivity` on written events), sharing one `MailboxLimiter` per mailbox in this
 * process (its in-flight slots held in Postgres across processes when `sharedLimits` is given), and a token refresh that keeps the rotated refresh token. A refused grant
 * (`invalid_grant` and friends) is core's permanent `AuthError`, which parks the connection in
 * `needs_reauth`.
 *
 * @example
 * registry.register('microsoft', microsoftProviderEntry(options));
 */
export function microsoftProviderEntry(options: MicrosoftIntegrationOptions): ProviderEntry {
  const limiters = new Map<string, RequestLimiter>();
  const limiterFor = (mailbox: string, now: () => Date): RequestLimiter => {
    let limiter = limiters.get(mailbox);
    if (!limiter) {
      const local = new MailboxLimiter({ now });
      limiter = options.sharedLimits
        ? new SharedMailboxLimiter(
            options.sharedLimits,
            `graph:${mailbox}`,
            { maxConcurrent: local.maxConcurrent },
            local,
          )
        : local;
      limiters.set(mailbox, limiter);
    }
    return limiter;
  };
  return {
    createAdapter({ connection, context }) {
      const { graphBaseUrl } = microsoftEndpoints(options);
      return createMicrosoftAdapter(context, {
        privacy: connection.privacy_level,
        limiter: limiterFor(connection.account_email ?? connection.id, context.now),
        ...(graphBaseUrl ? { graphBaseUrl } : {}),
      });
    },
    async refresh(credentials, io): Promise<StoredCredentials> {
      if (!credentials.refreshToken) {
        throw new AuthError('the connection has no Microsoft refresh token', { permanent: true });
      }
      const tokens = await refreshTokens(oauthConfig(options), io, credentials.refreshToken);
      return {
        ...credentials,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessTokenExpiresAt: tokens.expiresAt,
        scope: tokens.scopes.join(' '),
      };
    },
  };
}

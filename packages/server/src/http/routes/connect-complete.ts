import { AuthError } from '@calsync/core';
import type { ServerContext } from '../../context.js';
import type { Connectors, OAuthConnector } from '../../connect/connectors.js';
import { establishConnection, type ConnectSettings } from '../../connect/establish.js';
import { secretBinding } from '../../crypto/secret-binding.js';
import { hashToken } from '../../crypto/secrets.js';
import { consumeOAuthState } from '../../store/oauth-states.js';
import { ApiError } from '../errors.js';
import { IntegrationSettingsFields } from '../schemas/integration.js';
import { requireSync, type AppServices } from '../services.js';

const SETTINGS_KEYS = Object.keys(IntegrationSettingsFields);

/** The connector of an OAuth provider, or 404 `provider_not_configured`. */
export function oauthConnector(
  connectors: Connectors,
  provider: 'google' | 'outlook',
): OAuthConnector {
  const connector = provider === 'google' ? connectors.google : connectors.microsoft;
  if (!connector)
    throw new ApiError(
      404,
      'provider_not_configured',
      `${provider} is not configured on this server.`,
    );
  return connector;
}

/** The connection settings among a body's or a state's fields. */
export function pickSettings(value: Record<string, unknown>): ConnectSettings {
  return Object.fromEntries(
    Object.entries(value).filter(([k]) => SETTINGS_KEYS.includes(k)),
  ) as ConnectSettings;
}

/** The store's name of an API provider. */
export const storeProvider = (provider: 'google' | 'outlook'): 'google' | 'microsoft' =>
  provider === 'google' ? 'google' : 'microsoft';

/** The refusal of a state that is unknown, expired, used or not the caller's. */
export const invalidState = (): ApiError =>
  new ApiError(400, 'invalid_state', 'The state is unknown, expired or already used; start again.');

/**
 * Completes an OAuth flow: takes the state once (bound to the browser whose nonce hashes to
 * `browserHash`, or to no browser when it is absent), exchanges the code with its PKCE verifier
 * and stores the connection for the state's user. Callers check who may complete it first.
 */
export async function completeOAuth(
  ctx: ServerContext,
  services: AppServices,
  input: { provider: 'google' | 'outlook'; code: string; state: string; browserHash?: Buffer },
) {
  const rt = requireSync(services);
  const connector = oauthConnector(services.connectors ?? {}, input.provider);
  const provider = storeProvider(input.provider);
  const saved = await consumeOAuthState(ctx.sql, {
    state: input.state,
    provider,
    now: ctx.now(),
    ...(input.browserHash ? { browserHash: input.browserHash } : {}),
  });
  if (!saved) throw invalidState();
  let account;
  try {
    account = await connector.exchangeCode({
      code: input.code,
      codeVerifier: ctx.keyring.decrypt(
        saved.code_verifier,
        secretBinding.oauthStateVerifier(saved.tenant_id, hashToken(input.state)),
      ),
      redirectUri: saved.redirect_uri,
    });
  } catch (error) {
    if (error instanceof AuthError)
      throw new ApiError(400, 'invalid_grant', 'The provider refused the authorization code.');
    throw error;
  }
  return establishConnection(rt, {
    tenantId: saved.tenant_id,
    userId: saved.user_id,
    provider,
    caldavFlavour: null,
    account,
    settings: pickSettings(saved.settings),
  });
}

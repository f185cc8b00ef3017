import { googleIntegration, instrumentProviderFetch } from '@calsync/server';
import type { ServerConfig } from '../config.js';
import type { ProviderEndpoints, ProviderSetup } from '../providers.js';

/** The OAuth client the sandbox's Google emulator is used with (it accepts any client). */
export const SANDBOX_GOOGLE_CLIENT = {
  clientId: 'calsync-sandbox.apps.googleusercontent.com',
  clientSecret: 'calsync-sandbox-secret',
} as const;

/**
 * Adds Google to the process: with `CALSYNC_SANDBOX=1` pointed at the sandbox's emulator
 * (`${sandboxBaseUrl}/google`, fixed client), else with `GOOGLE_CLIENT_ID`/`GOOGLE_CLIENT_SECRET`
 * against real Google; without either Google stays off and a note says how to turn it on.
 */
export function setUpGoogle(
  setup: ProviderSetup,
  config: ServerConfig,
  endpoints: ProviderEndpoints,
): void {
  const client = config.sandbox ? SANDBOX_GOOGLE_CLIENT : config.google;
  if (!client) {
    setup.notes.push('Google: off (set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)');
    return;
  }
  const google = googleIntegration({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    ...(config.sandbox
      ? {
          providerBaseUrl: () => {
            const sandbox = endpoints.sandboxBaseUrl();
            return sandbox === undefined ? undefined : `${sandbox}/google`;
          },
        }
      : {}),
    fetch: instrumentProviderFetch('google', endpoints.fetch),
    now: endpoints.now,
    ...(endpoints.sharedLimits ? { sharedLimits: endpoints.sharedLimits } : {}),
  });
  setup.registry.register('google', google.entry);
  setup.connectors.google = google.connector;
  setup.publicRoutes.push(google.webhookRoutes(endpoints.ctx));
  if (config.sandbox) setup.notes.push('Google: sandbox emulator');
}

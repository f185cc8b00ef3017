import { instrumentProviderFetch, microsoftIntegration } from '@calsync/server';
import type { ServerConfig } from '../config.js';
import type { ProviderEndpoints, ProviderSetup } from '../providers.js';

/** The app registration the sandbox's Microsoft emulator is used with (it accepts any client). */
export const SANDBOX_MICROSOFT_CLIENT = {
  clientId: 'calsync-sandbox-client',
  clientSecret: 'calsync-sandbox-secret',
  tenant: 'common',
} as const;

/**
 * Adds Microsoft (Outlook / Microsoft 365) to the process: with `CALSYNC_SANDBOX=1` Graph and the
 * identity platform point at the sandbox's emulator (`${sandboxBaseUrl}/microsoft`, fixed client,
 * tenant `common`), else `MICROSOFT_CLIENT_ID`/`MICROSOFT_CLIENT_SECRET`/`MICROSOFT_TENANT` go to
 * real Microsoft; without either Microsoft stays off and a note says how to turn it on.
 */
export function setUpMicrosoft(
  setup: ProviderSetup,
  config: ServerConfig,
  endpoints: ProviderEndpoints,
): void {
  const client = config.sandbox ? SANDBOX_MICROSOFT_CLIENT : config.microsoft;
  if (!client) {
    setup.notes.push(
      'Microsoft: off (set MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET, optionally MICROSOFT_TENANT)',
    );
    return;
  }
  const microsoft = microsoftIntegration({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    tenant: client.tenant,
    ...(config.sandbox
      ? {
          baseUrl: () => {
            const sandbox = endpoints.sandboxBaseUrl();
            return sandbox === undefined ? undefined : `${sandbox}/microsoft`;
          },
        }
      : {}),
    fetch: instrumentProviderFetch('microsoft', endpoints.fetch),
    now: endpoints.now,
    context: endpoints.ctx,
    sync: endpoints.sync,
    ...(endpoints.sharedLimits ? { sharedLimits: endpoints.sharedLimits } : {}),
  });
  setup.registry.register('microsoft', microsoft.entry);
  setup.connectors.microsoft = microsoft.connector;
  setup.publicRoutes.push(microsoft.routes);
  if (config.sandbox) setup.notes.push('Microsoft: sandbox emulator');
}

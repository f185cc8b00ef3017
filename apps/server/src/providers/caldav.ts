import { caldavIntegration, instrumentProviderFetch } from '@calsync/server';
import type { ServerConfig } from '../config.js';
import type { ProviderEndpoints, ProviderSetup } from '../providers.js';

/**
 * Adds CalDAV and iCloud to the process. They need no client credentials, so they are always on:
 * iCloud users connect with their Apple ID and an app-specific password against
 * `https://caldav.icloud.com/`, other servers with their URL, user name and password. With
 * `CALSYNC_SANDBOX=1` the banner also points at the sandbox's small CalDAV server for demos.
 */
export function setUpCalDAV(
  setup: ProviderSetup,
  config: ServerConfig,
  endpoints: ProviderEndpoints,
): void {
  const caldav = caldavIntegration({
    fetch: instrumentProviderFetch('caldav', endpoints.fetch),
    now: endpoints.now,
    // The connect step as a whole gets the provider timeout, not each discovery request.
    timeoutMs: config.providerTimeoutMs,
  });
  setup.registry.register('caldav', caldav.entry);
  setup.connectors.caldav = caldav.connector;
  setup.notes.push('CalDAV/iCloud: on (iCloud needs an app-specific password)');
  const sandbox = endpoints.sandboxBaseUrl();
  if (config.sandbox && sandbox !== undefined) {
    // With PORT=0 the port is not bound yet while providers are set up.
    const where =
      config.baseUrlFromPort && config.port === 0 ? '/sandbox/caldav/' : `${sandbox}/caldav/`;
    setup.notes.push(
      `CalDAV: the sandbox serves a small CalDAV server at ${where} for quick demos ` +
        "(user name: a sandbox account's email, password: its access_token from " +
        'POST /sandbox/_control/accounts {"provider":"caldav","email":…})',
    );
  }
}

import type { CalDAVAdapterOptions, CalDAVFlavour } from '@calsync/caldav';
import type { CalDAVConnector } from '../../connect/connectors.js';
import type { AddressPolicy } from '../../net/address-policy.js';
import type { ProviderEntry } from '../../providers/registry.js';
import { createCalDAVConnector } from './connector.js';
import { calDAVProviderEntry } from './entry.js';
import { calDAVNextPollAt } from './polling.js';

export { createCalDAVConnector, type CalDAVConnectorOptions } from './connector.js';
export { calDAVProviderEntry } from './entry.js';
export {
  calDAVCredentialsOf,
  storedCalDAVCredentials,
  CalDAVCredentialsMissingError,
} from './credentials.js';
export { calDAVNextPollAt } from './polling.js';

/** Options of {@link caldavIntegration}. */
export interface CalDAVIntegrationOptions {
  /**
   * Used by the connect step as given; adapters use the sync runtime's fetch. Default: a guarded
   * fetch with `addressPolicy` and `timeoutMs` (see `createCalDAVConnector`).
   */
  readonly fetch?: typeof fetch;
  /** Addresses the connect step may reach when no `fetch` is given. Default public only. */
  readonly addressPolicy?: AddressPolicy;
  /** The whole connect step (every discovery request together). Default 30 000 ms. */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** iCloud's entry point (default `https://caldav.icloud.com/`). */
  readonly icloudServerUrl?: string;
  /** Passed to every adapter: sync method, full-sync scope, floating time zone. */
  readonly adapter?: CalDAVAdapterOptions;
  /** Poll interval of CalDAV calendars; default the flavour's (300 s). */
  readonly pollIntervalSeconds?: number;
  readonly random?: () => number;
}

/** Everything CalDAV and iCloud add to a server. */
export interface CalDAVIntegration {
  readonly provider: 'caldav';
  /** Register as `registry.register('caldav', entry)`. */
  readonly entry: ProviderEntry;
  /** Goes into `connectors.caldav`; serves `provider: "icloud" | "caldav"`. */
  readonly connector: CalDAVConnector;
  /** When a calendar of this flavour is due again after a poll at `polledAt`. */
  nextPollAt(flavour: CalDAVFlavour, polledAt: Date): Date;
}

/**
 * CalDAV and iCloud for a Calsync server: the provider registry entry, the credential connect
 * flow and the polling schedule. Always available; it needs no client credentials.
 *
 * @example
 * const caldav = caldavIntegration({ fetch });
 * registry.register('caldav', caldav.entry);
 * const app = createApp(ctx, { sync, connectors: { caldav: caldav.connector } });
 */
export function caldavIntegration(options: CalDAVIntegrationOptions = {}): CalDAVIntegration {
  return {
    provider: 'caldav',
    entry: {
      ...calDAVProviderEntry(options.adapter),
      nextPollAt: ({ connection, polledAt, random }) =>
        calDAVNextPollAt(connection.caldav_flavour ?? 'generic', polledAt, {
          ...(options.pollIntervalSeconds ? { intervalSeconds: options.pollIntervalSeconds } : {}),
          random: options.random ?? random,
        }),
    },
    connector: createCalDAVConnector({
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.addressPolicy ? { addressPolicy: options.addressPolicy } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.icloudServerUrl ? { icloudServerUrl: options.icloudServerUrl } : {}),
    }),
    nextPollAt: (flavour, polledAt) =>
      calDAVNextPollAt(flavour, polledAt, {
        ...(options.pollIntervalSeconds ? { intervalSeconds: options.pollIntervalSeconds } : {}),
        ...(options.random ? { random: options.random } : {}),
      }),
  };
}

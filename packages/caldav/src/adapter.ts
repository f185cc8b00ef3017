import {
  type AdapterContext,
  PROVIDER_CAPABILITIES,
  type ProviderAdapter,
  type ProviderCapabilities,
} from '@calsync/core';
import { fetchCalendars } from './calendars.js';
import { discoverPrincipal } from './connect.js';
import { DAVTransport } from './dav/transport.js';
import { CALDAV_FLAVOURS, type CalDAVFlavour } from './facts.js';
import { freeBusy } from './freebusy.js';
import type { SyncMethod, SyncMethodPreference } from './pull/plan.js';
import { pullPage } from './pull/pull.js';
import { createEvent } from './push/create.js';
import { deleteEvent } from './push/delete.js';
import { eventExists } from './push/exists.js';
import { updateEvent } from './push/update.js';

/** What the server stores for a CalDAV connection (encrypted), from {@link connectCalDAV}. */
export interface CalDAVCredentials {
  readonly flavour: CalDAVFlavour;
  /** Defaults to the flavour's entry point (iCloud). */
  readonly serverUrl?: string;
  readonly username: string;
  readonly password: string;
  /** The calendar home found by connect; rediscovered when absent. */
  readonly homeUrl?: string | null;
}

/** Options of {@link createCalDAVAdapter}. */
export interface CalDAVAdapterOptions {
  /** `auto` (default): sync-collection when the calendar has a sync-token, else ctag + etags. */
  readonly syncMethod?: SyncMethodPreference;
  /**
   * What a full sync fetches: `window` (default) asks the server for the objects overlapping the
   * sync window (calendar-query time-range); `all` fetches every object — for servers whose
   * time-range matching misses series (Xandikos 0.2.8 does for some, see SERVER_QUIRKS).
   */
  readonly fullSyncScope?: 'window' | 'all';
  /** Zone for all-day and floating events in free/busy (default `UTC`). */
  readonly floatingTimeZone?: string;
  /** Told which path each pull round took. */
  readonly onPullRound?: (round: {
    calendarId: string;
    mode: 'full' | 'incremental';
    method: SyncMethod;
    toFetch: number;
    removed: number;
  }) => void;
}

/** CalDAV's row of core's capability table: polled, RFC 5545 recurrence, floating times. */
export const CALDAV_CAPABILITIES: ProviderCapabilities = PROVIDER_CAPABILITIES.caldav;

/**
 * Core's `ProviderAdapter` for CalDAV servers and iCloud. Calendar ids are calendar URLs;
 * event ids are resource URLs (plus `#r=` for overrides, see ids.ts). Failures are core's
 * error classes; a 401 is `AuthError` (the server marks the connection `needs_reauth`).
 *
 * @example
 * const adapter = createCalDAVAdapter({ fetch, now: () => new Date(), getAccessToken }, credentials);
 * const page = await adapter.pullChanges({ calendarId, cursor: null, checkpoint: null, window });
 */
export function createCalDAVAdapter(
  context: AdapterContext,
  credentials: CalDAVCredentials,
  options: CalDAVAdapterOptions = {},
): ProviderAdapter {
  const transport = new DAVTransport({
    fetch: context.fetch,
    username: credentials.username,
    password: credentials.password,
    now: context.now,
  });
  const serverUrl =
    credentials.serverUrl ?? CALDAV_FLAVOURS[credentials.flavour].defaultServerUrl ?? '';
  let homeUrl = credentials.homeUrl ?? null;
  const deps = { transport, now: context.now };
  return {
    provider: 'caldav',
    capabilities: CALDAV_CAPABILITIES,
    async listCalendars() {
      if (!homeUrl) {
        const principal = await discoverPrincipal(transport, serverUrl);
        homeUrl = principal.homeUrl ?? principal.url;
      }
      return fetchCalendars(transport, homeUrl);
    },
    pullChanges: (request) =>
      pullPage(
        {
          ...deps,
          preference: options.syncMethod ?? 'auto',
          fullSyncScope: options.fullSyncScope ?? 'window',
          ...(options.onPullRound ? { onRound: options.onPullRound } : {}),
        },
        request,
      ),
    createEvent: (request) => createEvent(deps, request),
    updateEvent: (request) => updateEvent(deps, request),
    deleteEvent: (request) => deleteEvent(deps, request),
    eventExists: (request) => eventExists(deps, request),
    // No push channel for third parties (Apple's push is for Apple clients): poll with nextPollAt.
    watch: async () => null,
    unwatch: async () => undefined,
    freeBusy: (request) =>
      freeBusy({ ...deps, floatingTimeZone: options.floatingTimeZone ?? 'UTC' }, request),
    // App-specific passwords are revoked by the user at Apple / their server; nothing to call.
    revokeCredentials: async () => undefined,
  };
}

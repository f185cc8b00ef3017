import { eventExists } from './exists.js';
import { randomUUID } from 'node:crypto';
import {
  type AdapterContext,
  AuthError,
  PROVIDER_CAPABILITIES,
  type ProviderAdapter,
  type WatchChannel,
  type WatchRequest,
} from '@calsync/core';
import { listCalendars } from './calendars.js';
import { GoogleCalendarClient } from './client.js';
import {
  GOOGLE_API_ROOT_URL,
  GOOGLE_OAUTH_ENDPOINTS,
  type GoogleOAuthEndpoints,
} from './endpoints.js';
import { queryFreeBusy } from './freebusy.js';
import type { GoogleVisibility } from './mapping/outbound.js';
import { GoogleOAuth } from './oauth.js';
import type { Pacer } from './pacer.js';
import { pullPage } from './pull.js';
import { type PushSettings, createEvent, deleteEvent, updateEvent } from './push.js';
import { stopChannel, watchCalendar } from './watch.js';

/** Options of {@link createGoogleAdapter}. */
export interface GoogleAdapterOptions {
  /** Root the Calendar client appends `calendar/v3/…` to; default Google's, sandbox: `…/sandbox/google/`. */
  readonly apiRootUrl?: string;
  /** Where `revokeCredentials()` posts; default Google's revocation endpoint. */
  readonly oauthEndpoints?: GoogleOAuthEndpoints;
  /** The account's shared pacer (see `RequestPacers`); without one requests are not paced. */
  readonly pacer?: Pacer;
  /** Who Google notifies about writes; default `all`. */
  readonly sendUpdates?: PushSettings['sendUpdates'];
  /** Zone floating times are pinned to (Google has none); default `UTC`. */
  readonly floatingZone?: string;
  /** `visibility` written on new events; default none (the calendar's default applies). */
  readonly visibility?: GoogleVisibility;
  /** Channel ids for `watch` (default `randomUUID`). */
  readonly newChannelId?: () => string;
}

/** The Google adapter: the core contract. `watch` answers null for a calendar that takes no channel. */
export interface GoogleCalendarAdapter extends ProviderAdapter {
  readonly provider: 'google';
  watch(request: WatchRequest): Promise<WatchChannel | null>;
}

/**
 * The Google Calendar adapter for one connection, over the official `@googleapis/calendar`
 * client. Every side effect comes from `ctx` (fetch, clock, access token); every failure is a
 * core `ProviderError`.
 *
 * @example
 * const adapter = createGoogleAdapter(
 *   { fetch, now: () => new Date(), getAccessToken: () => tokens.current() },
 *   { pacer: pacers.for(accountEmail) },
 * );
 * const calendars = await adapter.listCalendars();
 */
export function createGoogleAdapter(
  ctx: AdapterContext,
  options: GoogleAdapterOptions = {},
): GoogleCalendarAdapter {
  const client = new GoogleCalendarClient(
    ctx,
    options.apiRootUrl ?? GOOGLE_API_ROOT_URL,
    options.pacer ?? null,
  );
  const settings: PushSettings = {
    sendUpdates: options.sendUpdates ?? 'all',
    floatingZone: options.floatingZone ?? 'UTC',
    visibility: options.visibility ?? null,
  };
  const newChannelId = options.newChannelId ?? randomUUID;
  const oauthEndpoints = options.oauthEndpoints ?? GOOGLE_OAUTH_ENDPOINTS;

  return {
    provider: 'google',
    capabilities: PROVIDER_CAPABILITIES.google,
    listCalendars: () => listCalendars(client),
    pullChanges: (request) => pullPage(client, request),
    createEvent: (request) => createEvent(client, request, settings),
    updateEvent: (request) => updateEvent(client, request, settings),
    deleteEvent: (request) => deleteEvent(client, request, settings),
    eventExists: (request) => eventExists(client, request),
    watch: (request) => watchCalendar(client, request, newChannelId()),
    unwatch: (channel) => stopChannel(client, channel),
    freeBusy: (request) => queryFreeBusy(client, request),
    async revokeCredentials() {
      // Revoking an access token revokes its grant, refresh token included (Google OAuth docs).
      let token: string;
      try {
        token = await ctx.getAccessToken();
      } catch (error) {
        // Nothing left to revoke: the grant is already gone.
        if (error instanceof AuthError && error.permanent) return;
        throw error;
      }
      const oauth = new GoogleOAuth(
        { clientId: '', clientSecret: '', redirectUri: '', endpoints: oauthEndpoints },
        { fetch: ctx.fetch, now: ctx.now },
      );
      await oauth.revoke(token);
    },
  };
}

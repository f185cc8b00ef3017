import type {
  AdapterContext,
  PrivacyLevel,
  ProviderAdapter,
  RemoteCalendar,
  WatchChannel,
  WatchRequest,
} from '@calsync/core';
import { NonRetryableProviderError, PROVIDER_CAPABILITIES, normalizeEmail } from '@calsync/core';
import { calendarFromGraph, listGraphCalendars } from './calendars.js';
import { GRAPH_BASE_URL } from './facts.js';
import { freeBusy } from './freebusy.js';
import { GraphApi } from './graph/client.js';
import { MailboxLimiter, type RequestLimiter } from './graph/limiter.js';
import { pullDeltaPage } from './pull/pull.js';
import type { PushContext } from './push/create.js';
import { createEvent } from './push/create.js';
import { eventExists } from './push/exists.js';
import { deleteEvent, updateEvent } from './push/update.js';
import {
  createSubscription,
  deleteSubscription,
  renewSubscription,
} from './subscriptions/watch.js';

/** Options of {@link createMicrosoftAdapter}. */
export interface MicrosoftAdapterOptions {
  /** Graph root without version; the sandbox's `…/sandbox/microsoft` in tests. Default Microsoft's. */
  readonly graphBaseUrl?: string;
  /** The connection's privacy level: sets `sensitivity` on written events. Default `full`. */
  readonly privacy?: PrivacyLevel;
  /**
   * The mailbox's request limiter. Share one per mailbox across every adapter instance acting on
   * it (Outlook counts per app and mailbox). Default: a private one on the context's clock.
   */
  readonly limiter?: RequestLimiter;
  /** Where lifecycle events go; default the notification URL itself (one route handles both). */
  readonly lifecycleNotificationUrl?: (callbackUrl: string) => string;
}

/** The Microsoft adapter: core's contract plus Graph-only operations. */
export interface MicrosoftAdapter extends ProviderAdapter {
  readonly provider: 'microsoft';
  /** Graph always has a push channel: a subscription per calendar. */
  watch(request: WatchRequest): Promise<WatchChannel>;
  /** Extends a subscription before it expires (`PATCH expirationDateTime`). */
  renewWatch(channel: WatchChannel, requestedTtlSeconds: number): Promise<WatchChannel>;
  /** The mailbox address (`/me` mail, else userPrincipalName), read once and cached. */
  accountEmail(): Promise<string>;
}

interface GraphUser {
  readonly mail?: string | null;
  readonly userPrincipalName?: string | null;
}

/**
 * Creates the Microsoft Graph adapter for one connection. All side effects come from `context`
 * (fetch, clock, access tokens); every Graph call goes through the official client.
 *
 * @example
 * const adapter = createMicrosoftAdapter(
 *   { fetch, now: () => new Date(), getAccessToken: () => tokens.accessToken() },
 *   { privacy: connection.privacyLevel },
 * );
 * const calendars = await adapter.listCalendars();
 */
export function createMicrosoftAdapter(
  context: AdapterContext,
  options: MicrosoftAdapterOptions = {},
): MicrosoftAdapter {
  const graph = new GraphApi({
    graphBaseUrl: options.graphBaseUrl ?? GRAPH_BASE_URL,
    fetch: context.fetch,
    now: context.now,
    getAccessToken: () => context.getAccessToken(),
    limiter: options.limiter ?? new MailboxLimiter({ now: context.now }),
  });
  const push: PushContext = { graph, now: context.now, privacy: options.privacy ?? 'full' };
  let email: Promise<string> | null = null;
  const accountEmail = (): Promise<string> => {
    email ??= graph
      .get<GraphUser>('/me?$select=mail,userPrincipalName', { action: 'read /me' })
      .then((me) => {
        const address = me.mail || me.userPrincipalName;
        if (!address)
          throw new NonRetryableProviderError('/me has neither mail nor userPrincipalName');
        return normalizeEmail(address);
      });
    email.catch(() => {
      email = null;
    });
    return email;
  };

  return {
    provider: 'microsoft',
    capabilities: PROVIDER_CAPABILITIES.microsoft,
    async listCalendars(): Promise<readonly RemoteCalendar[]> {
      const [calendars, address] = await Promise.all([listGraphCalendars(graph), accountEmail()]);
      return calendars.flatMap((calendar) => calendarFromGraph(calendar, address) ?? []);
    },
    pullChanges: (request) => pullDeltaPage(graph, request),
    createEvent: (request) => createEvent(push, request),
    updateEvent: (request) => updateEvent(push, request),
    deleteEvent: (request) => deleteEvent(push, request),
    eventExists: (request) => eventExists(graph, request),
    watch: (request) =>
      createSubscription(
        graph,
        context.now(),
        request,
        options.lifecycleNotificationUrl?.(request.callbackUrl) ?? request.callbackUrl,
      ),
    unwatch: (channel) => deleteSubscription(graph, channel),
    renewWatch: (channel, ttlSeconds) =>
      renewSubscription(graph, context.now(), channel, ttlSeconds),
    async freeBusy(request) {
      const [calendars, address] = await Promise.all([listGraphCalendars(graph), accountEmail()]);
      return freeBusy(graph, request, calendars, address);
    },
    // Microsoft has no endpoint that revokes one app's refresh token (revokeSignInSessions
    // signs the user out of every app and device). Disconnecting means forgetting the tokens;
    // the user removes the app's consent at https://myapps.microsoft.com.
    revokeCredentials: async () => undefined,
    accountEmail,
  };
}

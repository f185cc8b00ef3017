import {
  NonRetryableProviderError,
  NotFoundError,
  type WatchChannel,
  type WatchRequest,
} from '@calsync/core';
import type { GoogleCalendarClient } from './client.js';

/**
 * `events.watch`: opens a channel that POSTs to `callbackUrl` on every change of the calendar,
 * with the verification token echoed as `X-Goog-Channel-Token`. Google cannot renew a channel:
 * open a new one (new id) before `expiresAt` and stop the old one.
 */
export async function watchCalendar(
  client: GoogleCalendarClient,
  request: WatchRequest,
  channelId: string,
): Promise<WatchChannel | null> {
  let channel;
  try {
    channel = await openChannel(client, request, channelId);
  } catch (error) {
    // Some calendars (holidays, birthdays, other users' read-only ones) take no push channel:
    // no channel, the calendar is polled. Not a failure.
    if (error instanceof NonRetryableProviderError && error.providerCode === PUSH_NOT_SUPPORTED) {
      return null;
    }
    throw error;
  }
  const expirationMs = Number(channel.expiration);
  if (!channel.resourceId || !Number.isFinite(expirationMs)) {
    throw new NonRetryableProviderError(
      'Google Calendar: events.watch answered without resourceId or expiration',
    );
  }
  return {
    channelId: channel.id ?? channelId,
    resourceId: channel.resourceId,
    calendarId: request.calendarId,
    expiresAt: new Date(expirationMs).toISOString(),
  };
}

/** Google's 400 reason for a calendar that cannot be watched. */
export const PUSH_NOT_SUPPORTED = 'pushNotSupportedForRequestedResource';

function openChannel(client: GoogleCalendarClient, request: WatchRequest, channelId: string) {
  return client.call((api, options) =>
    api.events.watch(
      {
        calendarId: request.calendarId,
        // The same query as pulls use, as Google asks for watch requests.
        showDeleted: true,
        singleEvents: false,
        requestBody: {
          id: channelId,
          type: 'web_hook',
          address: request.callbackUrl,
          token: request.verificationToken,
          params: { ttl: String(Math.max(1, Math.floor(request.requestedTtlSeconds))) },
        },
      },
      options,
    ),
  );
}

/** `channels.stop`; a channel Google no longer knows (expired, stopped) counts as stopped. */
export async function stopChannel(
  client: GoogleCalendarClient,
  channel: WatchChannel,
): Promise<void> {
  try {
    await client.call((api, options) =>
      api.channels.stop(
        { requestBody: { id: channel.channelId, resourceId: channel.resourceId } },
        options,
      ),
    );
  } catch (error) {
    if (error instanceof NotFoundError) return;
    throw error;
  }
}

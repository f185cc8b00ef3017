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
): Promise<WatchChannel> {
  const channel = await client.call((api, options) =>
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

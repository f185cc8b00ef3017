import { parseGoogleNotification } from '@calsync/google';
import { Hono, type Context } from 'hono';
import type { ServerContext } from '../../context.js';
import { errorResponse } from '../../http/errors.js';
import { enqueuePull } from '../../jobs/queues.js';
import {
  channelSecretMatches,
  findActiveChannel,
  hashChannelSecret,
} from '../../store/watch-channels.js';

/** Compared against when no channel matches, so unknown channels cost the same as bad tokens. */
const NO_CHANNEL = { secret_hash: hashChannelSecret('no channel') };

function refuse(c: Context): Response {
  // One answer for an unknown channel, a bad token or a foreign resource: nothing to probe with.
  return errorResponse(c, 401, 'invalid_notification', 'The notification could not be verified.');
}

/**
 * `POST /webhooks/google` (mounted under `/api/v1`, without bearer authentication): Google
 * Calendar channel notifications. The channel must be active and Google's, and
 * `X-Goog-Channel-Token` must match the secret stored (hashed) when the channel was opened;
 * otherwise 401 without saying which check failed. The headers are then read with
 * `parseGoogleNotification` (400 when malformed). `sync` messages are acknowledged and
 * dropped; `exists` / `not_exists` enqueue a pull of the channel's calendar, stamped with the
 * receipt time for the notification-to-applied metric. A storm coalesces into the pull already
 * queued. The answer is an empty 200 as soon as the pull is queued.
 *
 * @example
 * const app = createApp(ctx, { sync, publicRoutes: [googleWebhookRoutes(ctx)] });
 */
export function googleWebhookRoutes(ctx: ServerContext): Hono {
  const router = new Hono();
  router.post('/webhooks/google', async (c) => {
    const receivedAt = ctx.now();
    const headers = c.req.raw.headers;
    const channelId = headers.get('x-goog-channel-id') ?? '';
    const token = headers.get('x-goog-channel-token') ?? '';
    const found = channelId && token ? await findActiveChannel(ctx.sql, channelId) : undefined;
    const channel = found?.provider === 'google' && found.calendar_id ? found : undefined;
    const tokenMatches = channelSecretMatches(channel ?? NO_CHANNEL, token);
    if (!channel?.calendar_id || !tokenMatches) return refuse(c);
    // The token was checked against the stored hash; the parse checks everything else.
    const parsed = parseGoogleNotification(headers, token);
    if (!parsed.ok) {
      return errorResponse(c, 400, 'invalid_notification', 'The notification is malformed.');
    }
    const { notification } = parsed;
    if (channel.resource_id !== null && notification.resourceId !== channel.resource_id) {
      return refuse(c);
    }
    if (notification.state !== 'sync') {
      await enqueuePull(ctx.jobs, {
        calendarId: channel.calendar_id,
        connectionId: channel.connection_id,
        reason: 'notification',
        notifiedAt: receivedAt.toISOString(),
      });
    }
    return c.body(null, 200);
  });
  return router;
}

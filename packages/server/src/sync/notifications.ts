import type { ServerContext } from '../context.js';
import { enqueuePull } from '../jobs/queues.js';
import { channelSecretMatches, findActiveChannel } from '../store/watch-channels.js';

/** What became of a provider notification. */
export type NotificationOutcome = 'queued' | 'coalesced' | 'unknown_channel' | 'bad_token';

/**
 * Handles a provider's "something changed" notification (Google channel message, Graph change
 * notification): checks the channel token / clientState against the stored hash, then enqueues
 * a pull of the channel's calendar. Notifications are hints, never data; a storm of them
 * coalesces into the one pull already queued (`coalesced`).
 *
 * @example
 * const outcome = await handleChannelNotification(ctx, {
 *   channelId: req.header('x-goog-channel-id'), token: req.header('x-goog-channel-token'),
 * });
 */
export async function handleChannelNotification(
  ctx: ServerContext,
  input: { channelId: string; token: string; receivedAt?: Date },
): Promise<NotificationOutcome> {
  const channel = await findActiveChannel(ctx.sql, input.channelId);
  if (!channel?.calendar_id) return 'unknown_channel';
  if (!channelSecretMatches(channel, input.token)) return 'bad_token';
  const jobId = await enqueuePull(ctx.jobs, {
    calendarId: channel.calendar_id,
    connectionId: channel.connection_id,
    reason: 'notification',
    notifiedAt: (input.receivedAt ?? ctx.now()).toISOString(),
  });
  return jobId ? 'queued' : 'coalesced';
}

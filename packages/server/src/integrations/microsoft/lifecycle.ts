import { NotFoundError, type ProviderAdapter } from '@calsync/core';
import type { MicrosoftAdapter } from '@calsync/microsoft';
import type { ServerContext } from '../../context.js';
import type { JobSender } from '../../jobs/sender.js';
import { enqueuePull } from '../../jobs/queues.js';
import { webhookUrl } from '../../jobs/watch-renewal.js';
import { openProviderSession, type ProviderSession } from '../../providers/session.js';
import { findCalendar, type CalendarRow } from '../../store/calendars.js';
import {
  insertWatchChannel,
  markChannel,
  type WatchChannelRow,
} from '../../store/watch-channels.js';
import { runWithRetryMatrix } from '../../sync/attempt-runner.js';
import type { SyncRuntime } from '../../sync/runtime.js';

/** What a Graph lifecycle notification asks for (`LIFECYCLE_ACTIONS` of @calsync/microsoft). */
export type LifecycleAction = 'renew' | 'resync' | 'rewatch_and_resync';

function isMicrosoftAdapter(adapter: ProviderAdapter): adapter is MicrosoftAdapter {
  return adapter.provider === 'microsoft' && 'renewWatch' in adapter;
}

/** Enqueues a pull of the channel's calendar that starts over without the delta cursor. */
async function requestFullResync(
  rt: { readonly ctx: { readonly jobs: JobSender } },
  channel: WatchChannelRow,
): Promise<void> {
  if (!channel.calendar_id) return;
  await enqueuePull(rt.ctx.jobs, {
    calendarId: channel.calendar_id,
    connectionId: channel.connection_id,
    full: true,
    reason: 'notification',
  });
}

/** Opens a new subscription on the calendar and stores it, then stops the old row. */
async function rewatch(
  rt: SyncRuntime,
  session: ProviderSession,
  calendar: CalendarRow,
  old: WatchChannelRow,
): Promise<void> {
  const secret = rt.newId();
  const channel = await session.adapter.watch({
    calendarId: calendar.provider_calendar_id,
    callbackUrl: webhookUrl(rt, 'microsoft'),
    verificationToken: secret,
    requestedTtlSeconds: rt.options.watchTtlSeconds,
  });
  if (channel) {
    await insertWatchChannel(rt.ctx.sql, {
      tenantId: old.tenant_id,
      connectionId: old.connection_id,
      calendarId: calendar.id,
      provider: 'microsoft',
      channelId: channel.channelId,
      resourceId: channel.resourceId,
      secret,
      expiresAt: new Date(channel.expiresAt),
      now: rt.ctx.now(),
    });
  }
  // Graph removed it already (or renewal proved it gone): nothing to unsubscribe.
  await markChannel(rt.ctx.sql, old.id, 'stopped');
}

/** Extends the subscription (`PATCH expirationDateTime`); a vanished one is replaced. */
async function renew(
  rt: SyncRuntime,
  session: ProviderSession,
  calendar: CalendarRow,
  channel: WatchChannelRow,
): Promise<void> {
  const adapter = session.adapter;
  if (!isMicrosoftAdapter(adapter)) return;
  try {
    const renewed = await adapter.renewWatch(
      {
        channelId: channel.channel_id,
        resourceId: channel.resource_id ?? '',
        calendarId: calendar.provider_calendar_id,
        expiresAt: channel.expires_at.toISOString(),
      },
      rt.options.watchTtlSeconds,
    );
    await rt.ctx.sql`
      update watch_channels
      set expires_at = ${new Date(renewed.expiresAt)}, renewed_at = ${rt.ctx.now()}
      where id = ${channel.id}`;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await rewatch(rt, session, calendar, channel);
    await requestFullResync(rt, channel);
  }
}

/**
 * Acts on one verified lifecycle notification of a Graph subscription:
 * - `reauthorizationRequired` → renew the subscription (a vanished one is recreated);
 * - `missed` → a full resync of the calendar (notifications were dropped);
 * - `subscriptionRemoved` → subscribe again, then a full resync.
 * Provider calls run under the retry matrix as `watch` attempts (a stale token is refreshed
 * once; a refused refresh parks the connection); the 15-minute watch renewal is the safety net.
 *
 * @example
 * await handleLifecycleNotification(rt, channel, 'renew');
 */
export async function handleLifecycleNotification(
  rt: SyncRuntime,
  channel: WatchChannelRow,
  action: LifecycleAction,
): Promise<void> {
  if (action === 'resync') {
    await requestFullResync(rt, channel);
    return;
  }
  const calendar = channel.calendar_id
    ? await findCalendar(rt.ctx.sql, channel.calendar_id)
    : undefined;
  if (!calendar) return;
  const session = await openProviderSession(rt, channel.connection_id);
  await runWithRetryMatrix(
    rt,
    {
      connection: session.connection,
      calendarId: calendar.id,
      appointmentId: null,
      operation: 'watch',
      correlationId: rt.newId(),
      attempt: 1,
    },
    {
      run: async () => {
        if (action === 'renew') await renew(rt, session, calendar, channel);
        else {
          await rewatch(rt, session, calendar, channel);
          await requestFullResync(rt, channel);
        }
      },
      refreshAuth: async () => {
        await session.getAccessToken({ forceRefresh: true });
      },
      retryLater: async () => undefined,
    },
  );
}

/**
 * Lifecycle handling without a sync runtime (a process that only serves webhooks): `missed`
 * requests a full resync; `reauthorizationRequired` and `subscriptionRemoved` mark the channel
 * expired and request a full resync, and the watch renewal opens a new subscription.
 *
 * @example
 * await deferLifecycleNotification(ctx, channel, 'rewatch_and_resync');
 */
export async function deferLifecycleNotification(
  ctx: ServerContext,
  channel: WatchChannelRow,
  action: LifecycleAction,
): Promise<void> {
  if (action !== 'resync') await markChannel(ctx.sql, channel.id, 'expired');
  await requestFullResync({ ctx }, channel);
}

import { NotFoundError } from '@calsync/core';
import { findCalendar, listCalendars, type CalendarRow } from '../store/calendars.js';
import { SYNCING_STATUSES, type ConnectionRow } from '../store/connections.js';
import {
  expireChannels,
  insertWatchChannel,
  listActiveChannels,
  markChannel,
  type WatchChannelRow,
} from '../store/watch-channels.js';
import {
  ConnectionUnavailableError,
  openProviderSession,
  type ProviderSession,
} from '../providers/session.js';
import { runWithRetryMatrix } from '../sync/attempt-runner.js';
import type { SyncRuntime } from '../sync/runtime.js';

/** What one renewal run did. */
export interface WatchRenewalReport {
  opened: number;
  stopped: number;
  expired: number;
}

/** The server's public webhook URL for a provider's notifications. */
export function webhookUrl(rt: SyncRuntime, provider: string): string {
  return `${rt.ctx.baseUrl.replace(/\/$/, '')}/api/v1/webhooks/${provider}`;
}

/**
 * Keeps a live channel on every selected calendar of push-capable connections: channels past
 * their expiry are marked expired, channels expiring within the lead time (24 hours) are
 * replaced (new channel first, then the old one stopped), and calendars without one get one.
 * Where the provider has no channel, nothing is stored and the calendar keeps being polled.
 * Failures are attempt rows (operation `watch`); the next run (15 minutes) is the retry.
 *
 * @example
 * await runWatchRenewal(rt); // every 15 minutes from the cron schedule
 */
export async function runWatchRenewal(rt: SyncRuntime): Promise<WatchRenewalReport> {
  const { ctx } = rt;
  const report: WatchRenewalReport = { opened: 0, stopped: 0, expired: 0 };
  report.expired = await expireChannels(ctx.sql, ctx.now());
  const connections = await ctx.sql<ConnectionRow[]>`
    select * from connections
    where status = any(${[...SYNCING_STATUSES]}::text[]) and sync_enabled
      and provider in ('google', 'microsoft')`;
  for (const connection of connections) {
    if (!rt.registry.has(connection.provider)) continue;
    let session: ProviderSession;
    try {
      session = await openProviderSession(rt, connection);
    } catch (error) {
      if (error instanceof ConnectionUnavailableError) continue;
      throw error;
    }
    if (!session.adapter.capabilities.push) continue;
    const channels = await listActiveChannels(ctx.sql, connection.id);
    const calendars = (await listCalendars(ctx.sql, connection.id)).filter((c) => c.selected);
    for (const calendar of calendars) {
      const current = channels.filter((c) => c.calendar_id === calendar.id);
      const renewBy = ctx.now().getTime() + rt.options.watchRenewLeadMs;
      if (current.some((c) => c.expires_at.getTime() > renewBy)) continue;
      await runWithRetryMatrix(
        rt,
        {
          connection,
          calendarId: calendar.id,
          appointmentId: null,
          operation: 'watch',
          correlationId: rt.newId(),
          attempt: 1,
        },
        {
          run: async () => {
            const opened = await openChannel(rt, session, calendar);
            if (opened) report.opened++;
            for (const old of current) {
              await stopChannel(rt, session, old);
              report.stopped++;
            }
          },
          refreshAuth: async () => {
            await session.getAccessToken({ forceRefresh: true });
          },
          retryLater: async () => undefined,
        },
      );
    }
  }
  return report;
}

async function openChannel(
  rt: SyncRuntime,
  session: ProviderSession,
  calendar: CalendarRow,
): Promise<boolean> {
  const { ctx } = rt;
  const provider = session.connection.provider;
  if (provider === 'caldav') return false;
  const secret = rt.newId();
  const channel = await session.adapter.watch({
    calendarId: calendar.provider_calendar_id,
    callbackUrl: webhookUrl(rt, provider),
    verificationToken: secret,
    requestedTtlSeconds: rt.options.watchTtlSeconds,
  });
  if (!channel) return false;
  await insertWatchChannel(ctx.sql, {
    tenantId: session.connection.tenant_id,
    connectionId: session.connection.id,
    calendarId: calendar.id,
    provider,
    channelId: channel.channelId,
    resourceId: channel.resourceId,
    secret,
    expiresAt: new Date(channel.expiresAt),
    now: ctx.now(),
  });
  return true;
}

/** Stops a channel at the provider (an already-gone channel is fine) and marks it stopped. */
export async function stopChannel(
  rt: SyncRuntime,
  session: ProviderSession,
  row: WatchChannelRow,
): Promise<void> {
  const calendar = row.calendar_id ? await findCalendar(rt.ctx.sql, row.calendar_id) : undefined;
  try {
    await session.adapter.unwatch({
      channelId: row.channel_id,
      resourceId: row.resource_id ?? '',
      calendarId: calendar?.provider_calendar_id ?? '',
      expiresAt: row.expires_at.toISOString(),
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  await markChannel(rt.ctx.sql, row.id, 'stopped');
}

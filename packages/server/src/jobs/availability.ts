import { ConnectionUnavailableError, openProviderSession } from '../providers/session.js';
import { replaceBusyBlocks } from '../store/busy-blocks.js';
import { listCalendars } from '../store/calendars.js';
import { findConnection, SYNCING_STATUSES } from '../store/connections.js';
import { runWithRetryMatrix, type RunOutcome } from '../sync/attempt-runner.js';
import type { SyncRuntime } from '../sync/runtime.js';
import { closeAttemptsOfDeadJobs } from './dead-attempts.js';
import { AVAILABILITY_QUEUE, enqueueAvailability, type AvailabilityJobData } from './queues.js';
import { scheduleRetry } from './retry.js';

const DAY_MS = 86_400_000;

/**
 * Refreshes the busy blocks of a connection's selected calendars from the provider's free/busy
 * answer, from now to the end of the sync window (one transaction replaces the cached range).
 *
 * @example
 * await runAvailabilityJob(rt, { connectionId });
 */
export async function runAvailabilityJob(
  rt: SyncRuntime,
  data: AvailabilityJobData,
): Promise<RunOutcome | 'skipped'> {
  const { ctx } = rt;
  const connection = await findConnection(ctx.sql, data.connectionId);
  if (!connection || !SYNCING_STATUSES.includes(connection.status) || !connection.sync_enabled) {
    return 'skipped';
  }
  const calendars = (await listCalendars(ctx.sql, connection.id)).filter((c) => c.selected);
  if (calendars.length === 0) return 'skipped';
  let session;
  try {
    session = await openProviderSession(rt, connection);
  } catch (error) {
    if (error instanceof ConnectionUnavailableError) return 'skipped';
    throw error;
  }
  if (!session.adapter.capabilities.freeBusy) return 'skipped';
  // One refresh per connection runs at a time: an attempt still open is a dead worker's.
  await closeAttemptsOfDeadJobs(
    ctx.sql,
    { kind: 'free_busy', connectionId: connection.id },
    ctx.now(),
  );
  const correlationId = data.correlationId ?? rt.newId();
  return runWithRetryMatrix(
    rt,
    {
      connection,
      calendarId: null,
      appointmentId: null,
      operation: 'free_busy',
      correlationId,
      attempt: data.attempt ?? 1,
    },
    {
      run: async () => {
        const now = ctx.now();
        const range = {
          startsAtUTC: now.toISOString(),
          endsAtUTC: new Date(now.getTime() + rt.options.window.daysAhead * DAY_MS).toISOString(),
        };
        const intervals = await session.adapter.freeBusy({
          calendarIds: calendars.map((c) => c.provider_calendar_id),
          range,
        });
        await ctx.sql.begin((tx) =>
          replaceBusyBlocks(tx, {
            tenantId: connection.tenant_id,
            userId: connection.user_id,
            calendarIds: new Map(calendars.map((c) => [c.provider_calendar_id, c.id])),
            range,
            intervals,
            source: connection.provider,
            fetchedAt: now,
          }),
        );
      },
      refreshAuth: async () => {
        await session.getAccessToken({ forceRefresh: true });
      },
      retryLater: (delaySeconds, attempt) =>
        scheduleRetry(
          rt,
          AVAILABILITY_QUEUE,
          { ...data, correlationId, attempt },
          connection.id,
          delaySeconds,
        ),
    },
  );
}

/** Enqueues the availability refresh of every syncing connection (every 15 minutes). */
export async function runAvailabilityScheduler(rt: SyncRuntime): Promise<number> {
  const rows = await rt.ctx.sql<{ id: string; tenant_id: string }[]>`
    select id, tenant_id from connections
    where status = any(${[...SYNCING_STATUSES]}::text[]) and sync_enabled`;
  for (const row of rows) await enqueueAvailability(rt.ctx.jobs, { connectionId: row.id });
  return rows.length;
}

import { syncWindowRange } from '@calsync/core';
import { observeWebhookToApplied } from '../metrics/registry.js';
import { ConnectionUnavailableError, openProviderSession } from '../providers/session.js';
import { listInstanceSeriesOfConnection } from '../store/appointments.js';
import { clearCursor, findCalendar, setNextPollAt } from '../store/calendars.js';
import { findConnection, markConnectionSynced, SYNCING_STATUSES } from '../store/connections.js';
import { hasLiveChannel } from '../store/watch-channels.js';
import { runWithRetryMatrix, type RunOutcome } from '../sync/attempt-runner.js';
import { pullCalendarRound } from '../sync/pull-round.js';
import { nextPollAt, type SyncRuntime } from '../sync/runtime.js';
import { closeAttemptsOfDeadJobs } from './dead-attempts.js';
import { enqueueAvailability, enqueuePushTo, PULL_QUEUE, type PullJobData } from './queues.js';
import { scheduleRetry } from './retry.js';

function sameUTCDay(a: Date | null, b: Date): boolean {
  return a !== null && a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);
}

/** How a pull job ended; `skipped` when the connection or calendar is not syncing. */
export type PullOutcome = RunOutcome | 'skipped';

/**
 * Runs one pull job: the calendar's round under the retry matrix. An expired cursor turns into
 * a full resync of the window in the same job (a new attempt row, operation `full_resync`);
 * success plans the next poll and refreshes availability, and on the first success of a UTC day
 * pushes the connection's series written as single instances (the window moved on).
 *
 * @example
 * await runPullJob(rt, { calendarId, connectionId });
 */
export async function runPullJob(rt: SyncRuntime, data: PullJobData): Promise<PullOutcome> {
  const { ctx } = rt;
  const connection = await findConnection(ctx.sql, data.connectionId);
  const calendar = await findCalendar(ctx.sql, data.calendarId);
  if (!connection || !calendar || calendar.connection_id !== connection.id) return 'skipped';
  if (!SYNCING_STATUSES.includes(connection.status) || !connection.sync_enabled) return 'skipped';
  if (!calendar.selected && data.reason !== 'manual' && data.reason !== 'precondition')
    return 'skipped';
  let session;
  try {
    session = await openProviderSession(rt, connection);
  } catch (error) {
    if (error instanceof ConnectionUnavailableError) return 'skipped';
    throw error;
  }
  // One pull per calendar runs at a time: an attempt still open is a dead worker's.
  await closeAttemptsOfDeadJobs(ctx.sql, { kind: 'pull', calendarId: calendar.id }, ctx.now());
  if (data.full && data.attempt === undefined) {
    await clearCursor(ctx.sql, calendar.id, ctx.now());
    calendar.sync_cursor = null;
    calendar.page_checkpoint = null;
  }
  const correlationId = data.correlationId ?? rt.newId();
  const window = data.window ?? syncWindowRange(ctx.now(), rt.options.window);
  const fullSync = calendar.sync_cursor === null && calendar.page_checkpoint === null;
  const outcome = await runWithRetryMatrix(
    rt,
    {
      connection,
      calendarId: calendar.id,
      appointmentId: null,
      operation: fullSync && (connection.initial_sync_done || data.full) ? 'full_resync' : 'pull',
      correlationId,
      attempt: data.attempt ?? 1,
    },
    {
      run: async (attempt) => {
        await pullCalendarRound(rt, {
          session,
          calendarId: calendar.id,
          window,
          attemptId: attempt.id,
          correlationId,
        });
      },
      refreshAuth: async () => {
        await session.getAccessToken({ forceRefresh: true });
      },
      retryLater: (delaySeconds, attempt) =>
        scheduleRetry(
          rt,
          PULL_QUEUE,
          { ...data, correlationId, attempt },
          calendar.id,
          delaySeconds,
        ),
      followUp: async (action, _error, operation) => {
        if (action !== 'full_resync' || operation === 'full_resync') return null;
        await clearCursor(ctx.sql, calendar.id, ctx.now());
        return { kind: 'rerun', operation: 'full_resync' };
      },
    },
  );
  if (outcome === 'success') {
    const now = ctx.now();
    const next = nextPollAt(rt, now, await hasLiveChannel(ctx.sql, calendar.id, now), connection);
    await ctx.sql.begin(async (tx) => {
      await setNextPollAt(tx, calendar.id, next);
      await markConnectionSynced(tx, connection.id, { at: now, nextSyncAt: next });
      await enqueueAvailability(ctx.jobs, { connectionId: connection.id }, tx);
      if (!sameUTCDay(connection.last_sync_at, now)) {
        // The window moved on by a day: series written as single instances get their new ones.
        for (const appointmentId of await listInstanceSeriesOfConnection(tx, connection)) {
          await enqueuePushTo(ctx.jobs, { appointmentId, connectionId: connection.id }, tx);
        }
      }
    });
    if (data.notifiedAt) {
      observeWebhookToApplied((now.getTime() - Date.parse(data.notifiedAt)) / 1000);
    }
  }
  return outcome;
}

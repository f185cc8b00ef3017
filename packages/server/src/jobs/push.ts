import { ConnectionUnavailableError, openProviderSession } from '../providers/session.js';
import { findConnection, SYNCING_STATUSES } from '../store/connections.js';
import { findLinkOfAppointment, listInstanceLinks } from '../store/event-links.js';
import { runWithRetryMatrix, type RunOutcome } from '../sync/attempt-runner.js';
import { pushAppointment } from '../sync/push-write.js';
import type { SyncRuntime } from '../sync/runtime.js';
import { closeAttemptsOfDeadJobs } from './dead-attempts.js';
import { enqueuePull, PUSH_QUEUE, pushKey, type PushJobData } from './queues.js';
import { scheduleRetry } from './retry.js';

/** How a push job ended; `skipped` when the connection is not syncing. */
export type PushOutcome = RunOutcome | 'skipped';

/**
 * Runs one push job under the retry matrix. A 412 (stale etag) enqueues a pull of the link's
 * calendar: its reconcile merges the remote change and enqueues the push again with the fresh
 * etag. Paused and disconnected connections are skipped (their pending links are pushed again
 * when they resume).
 *
 * @example
 * await runPushJob(rt, { appointmentId, connectionId });
 */
export async function runPushJob(rt: SyncRuntime, data: PushJobData): Promise<PushOutcome> {
  const { ctx } = rt;
  const connection = await findConnection(ctx.sql, data.connectionId);
  if (!connection || !SYNCING_STATUSES.includes(connection.status) || !connection.sync_enabled) {
    return 'skipped';
  }
  let session;
  try {
    session = await openProviderSession(rt, connection);
  } catch (error) {
    if (error instanceof ConnectionUnavailableError) return 'skipped';
    throw error;
  }
  // One push per (appointment, connection) runs at a time: an attempt still open is a dead
  // worker's.
  await closeAttemptsOfDeadJobs(
    ctx.sql,
    { kind: 'push', appointmentId: data.appointmentId, connectionId: connection.id },
    ctx.now(),
  );
  const correlationId = data.correlationId ?? rt.newId();
  return runWithRetryMatrix(
    rt,
    {
      connection,
      calendarId: null,
      appointmentId: data.appointmentId,
      operation: 'push',
      correlationId,
      attempt: data.attempt ?? 1,
    },
    {
      run: async (attempt) => {
        await pushAppointment(rt, {
          session,
          appointmentId: data.appointmentId,
          approvalId: data.approvalId ?? null,
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
          PUSH_QUEUE,
          { ...data, correlationId, attempt },
          pushKey(data.appointmentId, connection.id),
          delaySeconds,
        ),
      followUp: async (action) => {
        if (action !== 'pull_then_reconcile') return null;
        const link =
          (await findLinkOfAppointment(ctx.sql, data.appointmentId, connection.id)) ??
          (await listInstanceLinks(ctx.sql, data.appointmentId, connection.id))[0];
        if (!link) return null;
        await enqueuePull(ctx.jobs, {
          calendarId: link.calendar_id,
          connectionId: connection.id,
          correlationId,
          reason: 'precondition',
        });
        return { kind: 'scheduled' };
      },
    },
  );
}

import type { ServerContext } from '../context.js';
import { enqueueAvailability, enqueuePull, enqueuePushTo } from '../jobs/queues.js';
import { findAttempt, markReprocessed, type SyncAttemptRow } from '../store/sync-attempts.js';

/** The attempt is not a failure, or its operation cannot be replayed from the queue. */
export class NotReprocessableError extends Error {
  override readonly name = 'NotReprocessableError';
  readonly code = 'not_reprocessable';
}

/**
 * Hands a failed attempt back to the queue (API.md `POST …/sync-attempts/{id}/reprocess`):
 * a pull or resync of its calendar, a push of its appointment, or a free/busy refresh. The new
 * attempts carry the failed one's correlation id, so the admin can follow it.
 *
 * @example
 * await reprocessAttempt(ctx, attemptId);
 */
export async function reprocessAttempt(
  ctx: ServerContext,
  attemptId: string,
  options: { connectionId?: string | null } = {},
): Promise<SyncAttemptRow> {
  return ctx.sql.begin(async (tx) => {
    const attempt = await findAttempt(tx, attemptId, options.connectionId ?? null);
    if (!attempt || attempt.status !== 'fail') {
      throw new NotReprocessableError('only failed attempts can be reprocessed');
    }
    const base = { connectionId: attempt.connection_id, correlationId: attempt.correlation_id };
    if (
      (attempt.operation === 'pull' || attempt.operation === 'full_resync') &&
      attempt.calendar_id
    ) {
      await enqueuePull(
        ctx.jobs,
        {
          ...base,
          calendarId: attempt.calendar_id,
          reason: 'manual',
          ...(attempt.operation === 'full_resync' ? { full: true } : {}),
        },
        tx,
      );
    } else if (attempt.operation === 'push' && attempt.appointment_id) {
      await enqueuePushTo(ctx.jobs, { ...base, appointmentId: attempt.appointment_id }, tx);
    } else if (attempt.operation === 'free_busy') {
      await enqueueAvailability(ctx.jobs, base, tx);
    } else {
      throw new NotReprocessableError(`a ${attempt.operation} attempt is retried by its schedule`);
    }
    return (await markReprocessed(tx, attempt.id, ctx.now()))!;
  });
}

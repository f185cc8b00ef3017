import { errorClassOf, retryDecisionFor } from '@calsync/core';
import type { Db } from '../db/connect.js';
import { scheduleRetry } from '../jobs/retry.js';
import { appendChange } from '../store/changes.js';
import { finishAttempt, startAttempt } from '../store/sync-attempts.js';
import { VIDEO_MEETING_QUEUE, type VideoMeetingJobData } from './queue.js';
import type { VideoRuntime } from './runtime.js';
import type { VideoMeetingRow } from './store.js';

/** The text of a caught error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Who a provider call is about, for its `sync_attempts` row and the retry. */
export interface CallScope {
  readonly meeting: VideoMeetingRow;
  readonly job: VideoMeetingJobData;
  readonly correlationId: string;
  readonly attempt: number;
}

/**
 * Runs one provider call as a `sync_attempts` row (operation `video_meeting`, on the meeting's
 * connection when it has one). Returns the value, or the caught error.
 */
export async function attemptCall<T>(
  v: VideoRuntime,
  scope: CallScope,
  call: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown; retryIn: number | null }> {
  const { ctx } = v;
  const connectionId = scope.meeting.connection_id;
  const row = connectionId
    ? await startAttempt(ctx.sql, {
        tenantId: scope.meeting.tenant_id,
        connectionId,
        calendarId: null,
        appointmentId: scope.meeting.appointment_id,
        operation: 'video_meeting',
        correlationId: scope.correlationId,
        attempt: scope.attempt,
        now: ctx.now(),
      })
    : null;
  try {
    const value = await call();
    if (row) await finishAttempt(ctx.sql, row.id, { status: 'success', now: ctx.now() });
    return { ok: true, value };
  } catch (error) {
    // The Zoom provider already renewed its token once before an AuthError reaches here.
    const decision = retryDecisionFor(error, {
      attempt: scope.attempt,
      random: v.sync.random,
      authAlreadyRefreshed: true,
      ...v.sync.options.backoff,
    });
    const retryIn =
      decision.kind === 'retry' ? Math.max(1, Math.ceil(decision.delayMs / 1000)) : null;
    if (row) {
      await finishAttempt(ctx.sql, row.id, {
        status: retryIn === null ? 'fail' : 'retrying',
        errorClass: errorClassOf(error),
        errorMessage: messageOf(error),
        now: ctx.now(),
      });
    }
    return { ok: false, error, retryIn };
  }
}

/** Runs the job again after `delaySeconds` (coalesced with a queued one, which takes its place). */
export async function retryJobLater(
  v: VideoRuntime,
  job: VideoMeetingJobData,
  delaySeconds: number,
): Promise<void> {
  await scheduleRetry(v.sync, VIDEO_MEETING_QUEUE, job, job.appointmentId, delaySeconds);
}

/** Tells the host: `video_meeting.failed` in the change feed (and so webhooks and the stream). */
export async function reportMeetingFailure(
  db: Db,
  meeting: VideoMeetingRow,
  input: { operation: 'create' | 'update' | 'delete'; error: unknown },
): Promise<void> {
  await appendChange(db, {
    tenantId: meeting.tenant_id,
    userId:
      (
        await db<{ user_id: string }[]>`
        select user_id from appointments where id = ${meeting.appointment_id}`
      )[0]?.user_id ?? null,
    type: 'video_meeting.failed',
    data: {
      id: meeting.id,
      appointment_id: meeting.appointment_id,
      platform: meeting.platform,
      integration_id: meeting.connection_id,
      operation: input.operation,
      error_class: errorClassOf(input.error),
      message: messageOf(input.error),
    },
  });
}

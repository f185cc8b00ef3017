import { runPushJob } from '../jobs/push.js';
import { lockAppointment } from '../store/appointments.js';
import { listLiveConnectionsOfUser } from '../store/connections.js';
import { writeMeetingLink } from './appointment-link.js';
import {
  checkConferenceConnection,
  collectConferenceLink,
  conferenceRequest,
} from './conference-strategy.js';
import { attemptCall, messageOf, reportMeetingFailure, retryJobLater } from './failure.js';
import {
  defaultPlatform,
  linkBelongsTo,
  planMeetingStep,
  type MeetingState,
  type MeetingStep,
} from './plan.js';
import type { VideoMeetingJobData } from './queue.js';
import type { VideoRuntime } from './runtime.js';
import { meetingFingerprint } from './settings.js';
import {
  findLatestMeeting,
  findLiveMeeting,
  insertMeeting,
  updateMeeting,
  type CancelReason,
  type VideoMeetingRow,
} from './store.js';
import { recordZoomMeeting, requireZoom, zoomHostOf, zoomRequest } from './zoom-strategy.js';
import type { Tx } from '../db/connect.js';

/** How settling an appointment's meeting ended. */
export type SettleOutcome = 'settled' | 'retrying' | 'waiting' | 'failed' | 'busy';

/** Steps one run may take before it stops (each re-reads the state). */
const MAX_STEPS = 8;

async function loadState(tx: Tx, appointmentId: string): Promise<MeetingState> {
  const appointment = await lockAppointment(tx, appointmentId);
  const live = await findLiveMeeting(tx, appointmentId, true);
  const latest = live ?? (await findLatestMeeting(tx, appointmentId));
  let automatic: MeetingState['automatic'];
  if (appointment && !live) {
    const connection = (await listLiveConnectionsOfUser(tx, appointment.user_id)).find(
      (c) => c.create_video_meetings,
    );
    if (connection) {
      automatic = {
        connection,
        platform: connection.video_platform ?? defaultPlatform(connection),
      };
    }
  }
  return { appointment, live, latest, automatic };
}

/**
 * Runs `work` holding the appointment's video lock (provider calls of one appointment never
 * overlap: Zoom has no idempotency key). Without `wait`, returns undefined when another run has
 * it; with `wait`, waits for it.
 */
async function withMeetingLock<T>(
  v: VideoRuntime,
  appointmentId: string,
  wait: boolean,
  work: () => Promise<T>,
): Promise<T | undefined> {
  let result: T | undefined;
  const key = `video:${appointmentId}`;
  await v.ctx.sql.begin(async (tx) => {
    if (wait) {
      await tx`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      result = await work();
      return;
    }
    const [row] = await tx<{ locked: boolean }[]>`
      select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as locked`;
    if (row?.locked) result = await work();
  });
  return result;
}

/** Marks a live meeting failed, clears a Meet/Teams request from the appointment, tells the host. */
async function failMeeting(
  v: VideoRuntime,
  meeting: VideoMeetingRow,
  operation: 'create' | 'update' | 'delete',
  error: unknown,
): Promise<void> {
  const { ctx } = v;
  await ctx.sql.begin(async (tx) => {
    const appointment = await lockAppointment(tx, meeting.appointment_id);
    if (operation === 'create') {
      await updateMeeting(tx, meeting.id, { status: 'failed', error: messageOf(error) }, ctx.now());
      if (
        appointment?.meeting &&
        appointment.meeting.joinUrl === '' &&
        linkBelongsTo(appointment.meeting, meeting)
      ) {
        await writeMeetingLink(ctx, tx, appointment, null);
      }
    } else {
      const changes =
        operation === 'delete'
          ? { status: 'cancelled' as const, error: messageOf(error) }
          : {
              error: messageOf(error),
              settings: appointment
                ? {
                    ...meeting.settings,
                    applied: meetingFingerprint(appointment, meeting.settings),
                  }
                : meeting.settings,
            };
      await updateMeeting(tx, meeting.id, changes, ctx.now());
    }
    await reportMeetingFailure(tx, meeting, { operation, error });
  });
  ctx.logger.warn(
    { appointmentId: meeting.appointment_id, meetingId: meeting.id, operation, err: error },
    'video meeting failed',
  );
}

/**
 * Cancels a live meeting: deleted at Zoom, the row `cancelled` with its reason, and the link
 * taken out of the appointment when it is still this meeting's (the push then removes it from
 * the events; Google drops the Meet conference, and Outlook's event is recreated without its Teams
 * meeting, which Graph would otherwise keep — see `sticky-online-meeting.ts`).
 */
async function cancelMeeting(
  v: VideoRuntime,
  meeting: VideoMeetingRow,
  reason: CancelReason,
  job: VideoMeetingJobData,
): Promise<SettleOutcome | 'continue'> {
  const { ctx } = v;
  if (meeting.platform === 'zoom' && meeting.provider_meeting_id) {
    const meetingId = meeting.provider_meeting_id;
    const result = await attemptCall(v, scopeOf(v, meeting, job), () =>
      requireZoom(v).deleteMeeting(meetingId),
    );
    if (!result.ok) return giveUpOrRetry(v, meeting, job, 'delete', result);
  }
  await ctx.sql.begin(async (tx) => {
    const appointment = await lockAppointment(tx, meeting.appointment_id);
    await updateMeeting(
      tx,
      meeting.id,
      { status: 'cancelled', settings: { ...meeting.settings, cancel_reason: reason } },
      ctx.now(),
    );
    if (
      appointment &&
      !appointment.deleted_at &&
      reason !== 'manual_link' &&
      linkBelongsTo(appointment.meeting, meeting)
    ) {
      await writeMeetingLink(ctx, tx, appointment, null);
    }
  });
  return 'continue';
}

function scopeOf(v: VideoRuntime, meeting: VideoMeetingRow, job: VideoMeetingJobData) {
  return {
    meeting,
    job,
    correlationId: job.correlationId ?? v.sync.newId(),
    attempt: job.attempt ?? 1,
  };
}

async function giveUpOrRetry(
  v: VideoRuntime,
  meeting: VideoMeetingRow,
  job: VideoMeetingJobData,
  operation: 'create' | 'update' | 'delete',
  result: { error: unknown; retryIn: number | null },
): Promise<SettleOutcome> {
  if (result.retryIn !== null) {
    const scope = scopeOf(v, meeting, job);
    await updateMeeting(v.ctx.sql, meeting.id, { error: messageOf(result.error) }, v.ctx.now());
    await retryJobLater(
      v,
      { ...job, correlationId: scope.correlationId, attempt: scope.attempt + 1 },
      result.retryIn,
    );
    return 'retrying';
  }
  await failMeeting(v, meeting, operation, result.error);
  return 'failed';
}

async function runStep(
  v: VideoRuntime,
  state: MeetingState,
  step: Exclude<MeetingStep, { kind: 'none' | 'start' | 'record_link' }>,
  job: VideoMeetingJobData,
): Promise<SettleOutcome | 'continue'> {
  const { ctx } = v;
  const meeting = state.live!;
  const appointment = state.appointment!;
  switch (step.kind) {
    case 'cancel':
      return cancelMeeting(v, meeting, step.reason, job);
    case 'create_zoom': {
      const host = await zoomHostOf(ctx, meeting);
      const result = await attemptCall(v, scopeOf(v, meeting, job), () =>
        requireZoom(v).createMeeting(zoomRequest(appointment, meeting, host)),
      );
      if (!result.ok) return giveUpOrRetry(v, meeting, job, 'create', result);
      await recordZoomMeeting(v, meeting, result.value, appointment, { replacesLink: false });
      return 'continue';
    }
    case 'update_zoom': {
      const host = await zoomHostOf(ctx, meeting);
      const meetingId = meeting.provider_meeting_id!;
      const result = await attemptCall(v, scopeOf(v, meeting, job), () =>
        requireZoom(v).updateMeeting(meetingId, zoomRequest(appointment, meeting, host)),
      );
      if (!result.ok) return giveUpOrRetry(v, meeting, job, 'update', result);
      await recordZoomMeeting(v, meeting, result.value.meeting, appointment, {
        replacesLink: result.value.recreated,
      });
      return 'continue';
    }
    case 'request_conference': {
      try {
        await ctx.sql.begin(async (tx) => {
          await checkConferenceConnection(tx, meeting);
          const locked = (await lockAppointment(tx, appointment.id))!;
          if (locked.meeting !== null) return;
          await writeMeetingLink(ctx, tx, locked, conferenceRequest(meeting.platform), {
            silent: true,
          });
        });
      } catch (error) {
        await failMeeting(v, meeting, 'create', error);
        return 'failed';
      }
      // The event is written now (with the request), so the link comes back at once when the
      // provider makes it synchronously.
      await runPushJob(v.sync, {
        appointmentId: appointment.id,
        connectionId: meeting.connection_id!,
      });
      return 'continue';
    }
    case 'await_conference': {
      const progress = await ctx.sql.begin(async (tx) => {
        const locked = (await lockAppointment(tx, appointment.id))!;
        return collectConferenceLink(v, tx, locked, meeting);
      });
      if (progress === 'linked') return 'continue';
      const waited = job.waited ?? 0;
      const delay = v.waitDelaysSeconds[waited];
      if (delay === undefined) {
        await failMeeting(
          v,
          meeting,
          'create',
          new Error(`${meeting.platform} did not hand back a meeting link for the event`),
        );
        return 'failed';
      }
      await retryJobLater(v, { appointmentId: job.appointmentId, waited: waited + 1 }, delay);
      return 'waiting';
    }
  }
}

/**
 * Brings one appointment's video meeting to where its appointment says it should be, step by
 * step (see {@link planMeetingStep}): creates, moves, cancels or removes it, records links, and
 * schedules itself again for retries (retry matrix) and for Meet/Teams links still to come.
 * Runs under a per-appointment lock: `busy` means another run has it (the caller tries later);
 * with `wait` (API calls) it waits for that run instead.
 *
 * @example
 * await settleMeeting(video, { appointmentId });
 */
export async function settleMeeting(
  v: VideoRuntime,
  job: VideoMeetingJobData,
  options: { wait?: boolean } = {},
): Promise<SettleOutcome> {
  const outcome = await withMeetingLock(v, job.appointmentId, options.wait ?? false, async () => {
    for (let i = 0; i < MAX_STEPS; i++) {
      const { state, step } = await v.ctx.sql.begin(async (tx) => {
        const state = await loadState(tx, job.appointmentId);
        const step = planMeetingStep(state);
        if (step.kind === 'start') {
          await insertMeeting(tx, {
            tenantId: state.appointment!.tenant_id,
            appointmentId: state.appointment!.id,
            connectionId: step.connection.id,
            platform: step.platform,
            settings: {},
            now: v.ctx.now(),
          });
        } else if (step.kind === 'record_link') {
          await updateMeeting(
            tx,
            state.live!.id,
            { join_url: step.meeting.joinUrl, provider_meeting_id: step.meeting.conferenceId },
            v.ctx.now(),
          );
        }
        return { state, step };
      });
      if (step.kind === 'none') return 'settled' as const;
      if (step.kind === 'start' || step.kind === 'record_link') continue;
      const result = await runStep(v, state, step, job);
      if (result !== 'continue') return result;
      // A provider call succeeded: the next call of this run starts a new attempt count.
      job = { appointmentId: job.appointmentId };
    }
    return 'settled' as const;
  });
  return outcome ?? 'busy';
}

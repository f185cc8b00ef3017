import { ApiError } from '../http/errors.js';
import { findAppointment, lockAppointment } from '../store/appointments.js';
import { listLiveConnectionsOfUser, type ConnectionRow } from '../store/connections.js';
import { enqueueVideoMeeting } from './queue.js';
import { writeMeetingLink } from './appointment-link.js';
import { providerOfPlatform } from './plan.js';
import type { VideoRuntime } from './runtime.js';
import { settleMeeting } from './settle.js';
import { chosenSettings } from './settings.js';
import {
  findLiveMeeting,
  findMeeting,
  insertMeeting,
  updateMeeting,
  type StoredMeetingSettings,
  type VideoMeetingRow,
  type VideoPlatform,
} from './store.js';

/** Whose meetings a call may touch: a tenant, and with a session token one user. */
export interface MeetingScope {
  readonly tenantId: string;
  /** Internal user id for session tokens; null for the secret key. */
  readonly userId: string | null;
}

/**
 * The connection a meeting of `platform` belongs to: for Meet/Teams a live calendar connection
 * of that provider (one set up for the platform first); for Zoom the connection that asks for
 * meetings, else any live one (its account e-mail is the Zoom host), else none.
 */
function connectionFor(
  connections: readonly ConnectionRow[],
  platform: VideoPlatform,
): ConnectionRow | null | undefined {
  const provider = providerOfPlatform(platform);
  const candidates = provider ? connections.filter((c) => c.provider === provider) : connections;
  const preferred = candidates.find(
    (c) => c.create_video_meetings && (c.video_platform ?? platform) === platform,
  );
  const chosen = preferred ?? candidates[0];
  if (provider && !chosen) return undefined;
  return chosen ?? null;
}

/**
 * `POST /video-meetings`: creates the meeting of an appointment now. Zoom answers within the
 * call; Meet and Teams come back `pending` when the provider has not handed the link back yet
 * (the job keeps looking). A link the host had set is replaced.
 */
export async function createMeetingOnRequest(
  v: VideoRuntime,
  scope: MeetingScope,
  input: { appointmentId: string; platform: VideoPlatform; settings: StoredMeetingSettings },
): Promise<VideoMeetingRow> {
  const { ctx } = v;
  if (input.platform === 'zoom' && !v.zoom) {
    throw new ApiError(422, 'platform_unavailable', 'Zoom is not configured on this server.');
  }
  const meetingId = await ctx.sql.begin(async (tx) => {
    const found = await findAppointment(tx, scope.tenantId, input.appointmentId, scope.userId);
    if (!found) throw new ApiError(404, 'not_found', 'No such appointment.');
    const appointment = (await lockAppointment(tx, found.id))!;
    if (appointment.deleted_at || appointment.status === 'cancelled') {
      throw new ApiError(409, 'appointment_cancelled', 'The appointment is cancelled.');
    }
    if (appointment.location_type !== 'virtual') {
      throw new ApiError(
        409,
        'appointment_not_virtual',
        'Only virtual appointments have video meetings; set location_type to "virtual" first.',
      );
    }
    if (await findLiveMeeting(tx, appointment.id)) {
      throw new ApiError(409, 'video_meeting_exists', 'The appointment already has a meeting.');
    }
    const connection = connectionFor(
      await listLiveConnectionsOfUser(tx, appointment.user_id),
      input.platform,
    );
    if (connection === undefined) {
      throw new ApiError(
        422,
        'platform_unavailable',
        `${input.platform} meetings need a connected ${providerOfPlatform(input.platform)} calendar.`,
      );
    }
    const meeting = await insertMeeting(tx, {
      tenantId: appointment.tenant_id,
      appointmentId: appointment.id,
      connectionId: connection?.id ?? null,
      platform: input.platform,
      settings: input.settings,
      now: ctx.now(),
    });
    if (appointment.meeting !== null) await writeMeetingLink(ctx, tx, appointment, null);
    return meeting.id;
  });
  await settleMeeting(v, { appointmentId: input.appointmentId }, { wait: true });
  return (await findMeeting(ctx.sql, scope.tenantId, meetingId))!;
}

async function liveMeetingOf(
  v: VideoRuntime,
  scope: MeetingScope,
  id: string,
): Promise<VideoMeetingRow> {
  const meeting = await findMeeting(v.ctx.sql, scope.tenantId, id, scope.userId);
  if (!meeting) throw new ApiError(404, 'not_found', 'No such video meeting.');
  return meeting;
}

/** `PUT /video-meetings/{id}`: changes the settings; a Zoom meeting is updated at once. */
export async function changeMeetingSettings(
  v: VideoRuntime,
  scope: MeetingScope,
  id: string,
  settings: StoredMeetingSettings,
): Promise<VideoMeetingRow> {
  const { ctx } = v;
  const meeting = await liveMeetingOf(v, scope, id);
  await ctx.sql.begin(async (tx) => {
    const live = await findLiveMeeting(tx, meeting.appointment_id, true);
    if (live?.id !== meeting.id) {
      throw new ApiError(409, 'video_meeting_ended', 'The meeting is cancelled or failed.');
    }
    await updateMeeting(
      tx,
      live.id,
      { settings: { ...live.settings, ...chosenSettings(settings) } },
      ctx.now(),
    );
  });
  await settleMeeting(v, { appointmentId: meeting.appointment_id }, { wait: true });
  return (await findMeeting(ctx.sql, scope.tenantId, id))!;
}

/**
 * `DELETE /video-meetings/{id}`: cancels the meeting (deleted at Zoom, link taken out of the
 * appointment and so out of the events). No meeting is created automatically for the
 * appointment afterwards. Deleting an ended meeting changes nothing.
 */
export async function deleteMeetingOnRequest(
  v: VideoRuntime,
  scope: MeetingScope,
  id: string,
): Promise<VideoMeetingRow> {
  const { ctx } = v;
  const meeting = await liveMeetingOf(v, scope, id);
  const marked = await ctx.sql.begin(async (tx) => {
    const live = await findLiveMeeting(tx, meeting.appointment_id, true);
    if (live?.id !== meeting.id) return false;
    await updateMeeting(
      tx,
      live.id,
      { settings: { ...live.settings, cancel_reason: 'deleted' } },
      ctx.now(),
    );
    // Should the provider call below be retried, the job finishes the cancellation.
    await enqueueVideoMeeting(ctx.jobs, { appointmentId: live.appointment_id }, tx);
    return true;
  });
  if (marked) await settleMeeting(v, { appointmentId: meeting.appointment_id }, { wait: true });
  return (await findMeeting(ctx.sql, scope.tenantId, id))!;
}

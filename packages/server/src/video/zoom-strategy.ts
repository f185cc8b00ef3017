import type { VideoMeeting, VideoMeetingProvider, VideoMeetingRequest } from '@calsync/zoom';
import { NonRetryableProviderError } from '@calsync/core';
import type { ServerContext } from '../context.js';
import { secretBinding } from '../crypto/secret-binding.js';
import { lockAppointment, type AppointmentRow } from '../store/appointments.js';
import { writeMeetingLink } from './appointment-link.js';
import { meetingFingerprint, providerSettings } from './settings.js';
import { updateMeeting, type VideoMeetingRow } from './store.js';
import type { VideoRuntime } from './runtime.js';

/** The Zoom provider, or a non-retryable error when this server has none. */
export function requireZoom(v: VideoRuntime): VideoMeetingProvider {
  if (!v.zoom) {
    throw new NonRetryableProviderError('Zoom is not configured on this server', {
      providerCode: 'zoom_not_configured',
    });
  }
  return v.zoom;
}

/**
 * What the Zoom meeting of an appointment is created or moved to. A recurring appointment
 * becomes a recurring meeting (Zoom's recurrence, or one without a fixed time when Zoom cannot
 * express the rule).
 */
export function zoomRequest(
  appointment: AppointmentRow,
  meeting: VideoMeetingRow,
  hostEmail: string | null,
): VideoMeetingRequest {
  if (appointment.time_kind !== 'instant' || !appointment.starts_at || !appointment.ends_at) {
    throw new NonRetryableProviderError(
      'Zoom meetings need an appointment with a start and end time',
      {
        providerCode: 'not_timed',
      },
    );
  }
  return {
    appointmentId: appointment.id,
    title: appointment.title,
    description: appointment.description,
    startsAtUTC: appointment.starts_at.toISOString(),
    endsAtUTC: appointment.ends_at.toISOString(),
    timeZone: appointment.time_zone ?? 'UTC',
    // A series gets one recurring meeting: the same link on every instance.
    ...(appointment.recurrence.length > 0 ? { recurrence: appointment.recurrence } : {}),
    ...(hostEmail ? { hostEmail } : {}),
    settings: providerSettings(meeting.settings),
  };
}

/** The Zoom host of a meeting: the account e-mail of the meeting's connection, if any. */
export async function zoomHostOf(
  ctx: ServerContext,
  meeting: VideoMeetingRow,
): Promise<string | null> {
  if (!meeting.connection_id) return null;
  const [row] = await ctx.sql<{ account_email: string | null }[]>`
    select account_email from connections where id = ${meeting.connection_id}`;
  return row?.account_email ?? null;
}

/**
 * Stores what Zoom answered (id, links, encrypted passcode, the fingerprint it now matches) and,
 * when the appointment is still waiting for it, puts the join link into the appointment — which
 * pushes it to every calendar. An appointment that changed meanwhile is left to the next step.
 */
export async function recordZoomMeeting(
  v: VideoRuntime,
  meeting: VideoMeetingRow,
  made: VideoMeeting,
  appointment: AppointmentRow,
  options: { replacesLink: boolean },
): Promise<void> {
  const { ctx } = v;
  await ctx.sql.begin(async (tx) => {
    const locked = await lockAppointment(tx, meeting.appointment_id);
    await updateMeeting(
      tx,
      meeting.id,
      {
        status: 'active',
        provider_meeting_id: made.meetingId,
        join_url: made.joinUrl,
        host_url: made.hostUrl,
        passcode:
          made.passcode === null
            ? null
            : ctx.keyring.encrypt(
                made.passcode,
                secretBinding.videoMeetingPasscode(meeting.tenant_id, meeting.id),
              ),
        settings: {
          ...meeting.settings,
          applied: meetingFingerprint(appointment, meeting.settings),
        },
        error: null,
      },
      ctx.now(),
    );
    if (!locked || locked.deleted_at) return;
    const current = locked.meeting;
    const waiting = options.replacesLink
      ? current?.provider === 'zoom' && current.joinUrl === meeting.join_url
      : current === null;
    if (!waiting) return;
    await writeMeetingLink(ctx, tx, locked, {
      provider: 'zoom',
      joinUrl: made.joinUrl,
      conferenceId: made.meetingId,
    });
  });
}

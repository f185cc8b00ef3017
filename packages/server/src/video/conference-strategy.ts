import { NonRetryableProviderError, type MeetingLink } from '@calsync/core';
import type { Tx } from '../db/connect.js';
import { enqueuePushTo } from '../jobs/queues.js';
import type { AppointmentRow } from '../store/appointments.js';
import { findConnection } from '../store/connections.js';
import { findLinkOfAppointment } from '../store/event-links.js';
import { writeMeetingLink } from './appointment-link.js';
import { providerOfPlatform } from './plan.js';
import type { VideoRuntime } from './runtime.js';
import { updateMeeting, type VideoMeetingRow, type VideoPlatform } from './store.js';

/**
 * The link asking the calendar provider to make a meeting: Google adds a Meet conference
 * (`conferenceData.createRequest`), Graph a Teams meeting (`isOnlineMeeting`). The provider's
 * copy of the event then carries the real link.
 */
export function conferenceRequest(platform: VideoPlatform): MeetingLink {
  return { provider: platform, joinUrl: '', conferenceId: null };
}

/**
 * Checks that the meeting's connection can carry a conference: the right provider, live,
 * exporting, and writing meeting links (privacy level `normal` or `full`; `minimal` keeps links
 * out of the event). Throws a non-retryable error saying what is wrong.
 */
export async function checkConferenceConnection(tx: Tx, meeting: VideoMeetingRow): Promise<void> {
  const fail = (message: string, code: string) => {
    throw new NonRetryableProviderError(message, { providerCode: code });
  };
  const connection = meeting.connection_id
    ? await findConnection(tx, meeting.connection_id)
    : undefined;
  const provider = providerOfPlatform(meeting.platform);
  if (!connection || connection.status === 'disconnected') {
    return fail(`no connected ${provider} calendar to create the meeting in`, 'no_connection');
  }
  if (connection.provider !== provider) {
    return fail(
      `${meeting.platform} meetings are made in ${provider} calendars, not ${connection.provider}`,
      'wrong_provider',
    );
  }
  if (connection.sync_direction === 'import_only' || !connection.sync_enabled) {
    return fail(
      'the connection does not write events, so it cannot add a meeting',
      'not_exporting',
    );
  }
  if (connection.privacy_level === 'minimal') {
    return fail(
      `the connection's privacy level (minimal) keeps meeting links out of events; ${meeting.platform} needs "normal" or "full"`,
      'privacy_level',
    );
  }
}

/** What waiting for a Meet/Teams link found. */
export type ConferenceProgress = 'linked' | 'waiting';

/**
 * Looks for the link a Meet/Teams request produced: in the appointment (a pull brought it) or
 * in the provider's copy of the event the push stored (then it is put into the appointment,
 * which pushes it everywhere else, and the event itself is already in sync). When the event was
 * written at the newest version without a link, the push is sent again.
 */
export async function collectConferenceLink(
  v: VideoRuntime,
  tx: Tx,
  appointment: AppointmentRow,
  meeting: VideoMeetingRow,
): Promise<ConferenceProgress> {
  const { ctx } = v;
  const record = (link: MeetingLink) =>
    updateMeeting(
      tx,
      meeting.id,
      {
        status: 'active',
        join_url: link.joinUrl,
        provider_meeting_id: link.conferenceId,
        error: null,
      },
      ctx.now(),
    );
  const current = appointment.meeting;
  if (current && current.provider === meeting.platform && current.joinUrl !== '') {
    await record(current);
    return 'linked';
  }
  const link = meeting.connection_id
    ? await findLinkOfAppointment(tx, appointment.id, meeting.connection_id)
    : undefined;
  const written = link?.base_snapshot?.meeting ?? null;
  if (written && written.provider === meeting.platform && written.joinUrl !== '') {
    await writeMeetingLink(ctx, tx, appointment, written);
    await record(written);
    return 'linked';
  }
  const pendingAtProvider = written?.provider === meeting.platform && written.joinUrl === '';
  if (
    link &&
    link.state === 'synced' &&
    link.base_version === appointment.version &&
    !pendingAtProvider
  ) {
    await enqueuePushTo(
      ctx.jobs,
      { appointmentId: appointment.id, connectionId: link.connection_id },
      tx,
    );
  }
  return 'waiting';
}

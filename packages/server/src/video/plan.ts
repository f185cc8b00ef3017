import type { MeetingLink } from '@calsync/core';
import type { AppointmentRow } from '../store/appointments.js';
import type { ConnectionRow } from '../store/connections.js';
import { meetingFingerprint } from './settings.js';
import {
  BLOCKING_CANCEL_REASONS,
  CANCEL_REASONS,
  type CancelReason,
  type VideoMeetingRow,
  type VideoPlatform,
} from './store.js';

/** What is known about one appointment's meeting when deciding the next step. */
export interface MeetingState {
  readonly appointment: AppointmentRow | undefined;
  /** The `pending` or `active` meeting. */
  readonly live: VideoMeetingRow | undefined;
  /** The newest meeting row of any status. */
  readonly latest: VideoMeetingRow | undefined;
  /** The connection whose settings ask for meetings, with the platform it asks for. */
  readonly automatic: { connection: ConnectionRow; platform: VideoPlatform } | undefined;
}

/** The next thing to do for an appointment's meeting. */
export type MeetingStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'start'; readonly connection: ConnectionRow; readonly platform: VideoPlatform }
  | { readonly kind: 'cancel'; readonly reason: CancelReason }
  | { readonly kind: 'create_zoom' }
  | { readonly kind: 'update_zoom' }
  | { readonly kind: 'request_conference' }
  | { readonly kind: 'await_conference' }
  | { readonly kind: 'record_link'; readonly meeting: MeetingLink };

/** The platform a connection's provider makes meetings on when it names none. */
export function defaultPlatform(connection: Pick<ConnectionRow, 'provider'>): VideoPlatform {
  return connection.provider === 'google'
    ? 'google_meet'
    : connection.provider === 'microsoft'
      ? 'teams'
      : 'zoom';
}

/** The calendar provider that carries meetings of a platform (Zoom needs none). */
export function providerOfPlatform(platform: VideoPlatform): 'google' | 'microsoft' | null {
  return platform === 'google_meet' ? 'google' : platform === 'teams' ? 'microsoft' : null;
}

/** Whether the appointment's link is this meeting's (a Meet/Teams request counts). */
export function linkBelongsTo(meeting: MeetingLink | null, live: VideoMeetingRow): boolean {
  if (meeting === null || meeting.provider !== live.platform) return false;
  if (live.platform !== 'zoom') return true;
  return meeting.joinUrl === live.join_url;
}

function isGone(appointment: AppointmentRow): boolean {
  return appointment.deleted_at !== null || appointment.status === 'cancelled';
}

function liveStep(appointment: AppointmentRow, live: VideoMeetingRow): MeetingStep {
  if (live.settings.cancel_reason) return { kind: 'cancel', reason: live.settings.cancel_reason };
  if (isGone(appointment)) return { kind: 'cancel', reason: CANCEL_REASONS.appointmentCancelled };
  if (appointment.location_type !== 'virtual')
    return { kind: 'cancel', reason: CANCEL_REASONS.notVirtual };
  const meeting = appointment.meeting;
  if (live.platform === 'zoom') {
    if (live.status === 'pending') {
      return meeting === null
        ? { kind: 'create_zoom' }
        : { kind: 'cancel', reason: CANCEL_REASONS.manualLink };
    }
    if (!linkBelongsTo(meeting, live)) return { kind: 'cancel', reason: CANCEL_REASONS.manualLink };
    return live.settings.applied === meetingFingerprint(appointment, live.settings)
      ? { kind: 'none' }
      : { kind: 'update_zoom' };
  }
  if (meeting === null) {
    return live.status === 'pending'
      ? { kind: 'request_conference' }
      : { kind: 'cancel', reason: CANCEL_REASONS.manualLink };
  }
  if (!linkBelongsTo(meeting, live)) return { kind: 'cancel', reason: CANCEL_REASONS.manualLink };
  if (live.status === 'pending') return { kind: 'await_conference' };
  return meeting.joinUrl !== '' && meeting.joinUrl !== live.join_url
    ? { kind: 'record_link', meeting }
    : { kind: 'none' };
}

/**
 * Decides the next step from the newest state; the job repeats it until `none`. Pure.
 * - A live meeting follows its appointment: cancelled with it, removed when it stops being
 *   virtual or when the host puts a link of their own, moved (Zoom) when time, text or settings
 *   changed since the last call, and — for Meet/Teams — requested through the event, then
 *   awaited until the provider hands the link back.
 * - Without one, a virtual host appointment with no link gets one on the platform of the first
 *   connection that asks for meetings, unless its last meeting failed or was replaced or deleted
 *   by the host (then only `POST /video-meetings` makes another).
 *
 * @example
 * planMeetingStep({ appointment, live: undefined, latest: undefined, automatic }) // { kind: 'start', … }
 */
export function planMeetingStep(state: MeetingState): MeetingStep {
  const { appointment, live, latest, automatic } = state;
  if (!appointment) {
    return live
      ? { kind: 'cancel', reason: CANCEL_REASONS.appointmentCancelled }
      : { kind: 'none' };
  }
  if (live) return liveStep(appointment, live);
  if (
    !automatic ||
    isGone(appointment) ||
    appointment.source !== 'host' ||
    appointment.location_type !== 'virtual' ||
    appointment.meeting !== null ||
    appointment.series_id !== null ||
    appointment.time_kind !== 'instant'
  ) {
    return { kind: 'none' };
  }
  if (latest?.status === 'failed') return { kind: 'none' };
  const reason = latest?.settings.cancel_reason;
  if (latest?.status === 'cancelled' && reason && BLOCKING_CANCEL_REASONS.includes(reason)) {
    return { kind: 'none' };
  }
  return { kind: 'start', connection: automatic.connection, platform: automatic.platform };
}

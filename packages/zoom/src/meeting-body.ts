import { formatLocal, isIANAZone, utcToLocal } from '@calsync/core';
import { ZOOM_LIMITS, ZOOM_SCHEDULED_MEETING_TYPE } from './facts.js';
import { agendaWithMarker } from './marker.js';
import { zoomRecurrenceOf, type ZoomRecurrenceBody } from './recurrence.js';
import type { RecordingMode, VideoMeetingRequest, VideoMeetingSettings } from './video-meeting.js';
import { DEFAULT_VIDEO_MEETING_SETTINGS } from './video-meeting.js';

/** The `settings` object Calsync sends to Zoom. */
export interface ZoomMeetingSettingsBody {
  readonly waiting_room: boolean;
  readonly auto_recording: RecordingMode;
  /** E-mails joined with `;` (Zoom's format); empty clears the list. */
  readonly alternative_hosts: string;
}

/** Body of `POST /users/{id}/meetings` and `PATCH /meetings/{id}`. */
export interface ZoomMeetingBody {
  readonly topic: string;
  /** 2 scheduled; 8 recurring at a fixed time; 3 recurring without one (no `start_time`). */
  readonly type: typeof ZOOM_SCHEDULED_MEETING_TYPE | 3 | 8;
  /** Wall-clock time in `timezone`, `yyyy-MM-ddTHH:mm:ss` without offset; absent for type 3. */
  readonly start_time?: string;
  /** Type 8 only. */
  readonly recurrence?: ZoomRecurrenceBody;
  readonly timezone: string;
  readonly duration: number;
  readonly agenda: string;
  readonly password?: string;
  readonly settings: ZoomMeetingSettingsBody;
}

/**
 * Whole minutes from start to end, rounded up (Zoom's `duration`); throws when end ≤ start.
 *
 * @example
 * durationMinutesOf('2026-03-09T13:00:00Z', '2026-03-09T13:45:00Z') // 45
 */
export function durationMinutesOf(startsAtUTC: string, endsAtUTC: string): number {
  const startMs = Date.parse(startsAtUTC);
  const endMs = Date.parse(endsAtUTC);
  if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs <= startMs) {
    throw new RangeError(`meeting needs start < end, got ${startsAtUTC} – ${endsAtUTC}`);
  }
  return Math.ceil((endMs - startMs) / 60_000);
}

/**
 * The start as Zoom wants it for a zoned meeting: the wall-clock time in the appointment's zone
 * plus the zone, so the meeting shows in the host's time in Zoom's own UI and invitations.
 *
 * @example
 * zoomStartTime('2026-03-09T13:00:00Z', 'America/New_York') // { start_time: '2026-03-09T09:00:00', timezone: 'America/New_York' }
 */
export function zoomStartTime(
  startsAtUTC: string,
  timeZone: string,
): { start_time: string; timezone: string } {
  if (!isIANAZone(timeZone)) throw new RangeError(`not an IANA time zone: ${timeZone}`);
  const startMs = Date.parse(startsAtUTC);
  if (Number.isNaN(startMs)) throw new RangeError(`not an instant: ${startsAtUTC}`);
  return { start_time: formatLocal(utcToLocal(timeZone, startMs)), timezone: timeZone };
}

/** Settings with defaults filled in. */
export function resolveSettings(
  settings: Partial<VideoMeetingSettings> = {},
): VideoMeetingSettings {
  return { ...DEFAULT_VIDEO_MEETING_SETTINGS, ...settings };
}

function topicOf(title: string): string {
  const trimmed = title.trim() === '' ? 'Meeting' : title.trim();
  return trimmed.length > ZOOM_LIMITS.topicMaxChars
    ? `${trimmed.slice(0, ZOOM_LIMITS.topicMaxChars - 1)}…`
    : trimmed;
}

/**
 * The Zoom body for an appointment. `passcode` is sent only on create: changing it later would
 * break the join links already handed out. A recurring appointment is a type 8 meeting with
 * `recurrence`, or type 3 when Zoom cannot express the rule (see `zoomRecurrenceOf`).
 *
 * @example
 * zoomMeetingBody(request, { passcode: generatePasscode(random) })
 */
export function zoomMeetingBody(
  request: VideoMeetingRequest,
  options: { passcode?: string } = {},
): ZoomMeetingBody {
  const settings = resolveSettings(request.settings);
  const start = zoomStartTime(request.startsAtUTC, request.timeZone);
  const lines = request.recurrence ?? [];
  const plan =
    lines.length === 0 ? null : zoomRecurrenceOf(lines, request.startsAtUTC, request.timeZone);
  const timing =
    plan === null
      ? { type: ZOOM_SCHEDULED_MEETING_TYPE as typeof ZOOM_SCHEDULED_MEETING_TYPE, ...start }
      : plan.type === 8
        ? { type: 8 as const, ...start, recurrence: plan.recurrence }
        : { type: 3 as const, timezone: start.timezone };
  return {
    topic: topicOf(request.title),
    ...timing,
    duration: durationMinutesOf(request.startsAtUTC, request.endsAtUTC),
    agenda: agendaWithMarker(
      request.description,
      request.appointmentId,
      ZOOM_LIMITS.agendaMaxChars,
    ),
    ...(options.passcode === undefined ? {} : { password: options.passcode }),
    settings: {
      waiting_room: settings.waitingRoom,
      auto_recording: settings.recording,
      alternative_hosts: settings.alternativeHosts.map((email) => email.trim()).join(';'),
    },
  };
}

import { DEFAULT_VIDEO_MEETING_SETTINGS, type VideoMeetingSettings } from '@calsync/zoom';
import type { AppointmentRow } from '../store/appointments.js';
import type { StoredMeetingSettings } from './store.js';

/** The host-chosen part of the stored settings (bookkeeping keys dropped). */
export function chosenSettings(stored: StoredMeetingSettings): StoredMeetingSettings {
  const { applied: _applied, cancel_reason: _reason, ...chosen } = stored;
  return chosen;
}

/** Stored (snake_case) settings as the provider contract takes them, defaults filled in. */
export function providerSettings(stored: StoredMeetingSettings): VideoMeetingSettings {
  return {
    waitingRoom: stored.waiting_room ?? DEFAULT_VIDEO_MEETING_SETTINGS.waitingRoom,
    recording: stored.recording ?? DEFAULT_VIDEO_MEETING_SETTINGS.recording,
    passcodeRequired: stored.passcode_required ?? DEFAULT_VIDEO_MEETING_SETTINGS.passcodeRequired,
    alternativeHosts: stored.alternative_hosts ?? [
      ...DEFAULT_VIDEO_MEETING_SETTINGS.alternativeHosts,
    ],
  };
}

/** The full settings with defaults, as the API reports them. */
export function presentedSettings(stored: StoredMeetingSettings) {
  const s = providerSettings(stored);
  return {
    waiting_room: s.waitingRoom,
    recording: s.recording,
    passcode_required: s.passcodeRequired,
    alternative_hosts: [...s.alternativeHosts],
  };
}

/**
 * What a meeting must match of its appointment and settings. When it differs from the stored
 * `applied` fingerprint, the meeting is updated at the provider.
 */
export function meetingFingerprint(
  appointment: Pick<
    AppointmentRow,
    'title' | 'description' | 'starts_at' | 'ends_at' | 'time_zone' | 'recurrence'
  >,
  stored: StoredMeetingSettings,
): string {
  return JSON.stringify([
    appointment.title,
    appointment.description,
    appointment.starts_at?.toISOString() ?? null,
    appointment.ends_at?.toISOString() ?? null,
    appointment.time_zone,
    providerSettings(stored),
    // Only for series, so the fingerprints of single meetings stay what they were.
    ...(appointment.recurrence.length > 0 ? [appointment.recurrence] : []),
  ]);
}

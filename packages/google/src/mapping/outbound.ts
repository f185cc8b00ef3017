import {
  type EventContent,
  type EventTime,
  type Reminders,
  type ResponseStatus,
  eventTimeToGoogle,
  recurrenceToGoogle,
} from '@calsync/core';
import type { calendar_v3 } from '@googleapis/calendar';
import { APPOINTMENT_ID_PROPERTY, GOOGLE_LIMITS } from '../endpoints.js';
import { conferenceDataFor, meetingProperties } from './meeting.js';

type GoogleEvent = calendar_v3.Schema$Event;

/** Canonical RSVP → Google `responseStatus`. */
export const RESPONSE_STATUS_TO_GOOGLE: Readonly<Record<ResponseStatus, string>> = {
  needs_action: 'needsAction',
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'tentative',
};

/** Google `visibility` values. */
export type GoogleVisibility = 'default' | 'public' | 'private' | 'confidential';

/** How a body is built. */
export interface OutboundOptions {
  /**
   * `insert` omits what is empty; `patch` sends `null` for what must be cleared (PATCH merges
   * objects, so an omitted field would keep its old value).
   */
  readonly mode: 'insert' | 'patch';
  /** Google has no floating time: floating events are pinned to this zone. */
  readonly floatingZone: string;
  /** Stamped as a private extended property (insert only; it never changes). */
  readonly appointmentId: string | null;
  /** `createRequest.requestId` used when the content asks for a Meet link. */
  readonly meetRequestId: string;
  /** Written on insert when set; PATCH leaves whatever the user chose in Google. */
  readonly visibility: GoogleVisibility | null;
}

function timesOf(
  time: EventTime,
  floatingZone: string,
  insert: boolean,
): Pick<GoogleEvent, 'start' | 'end'> {
  const { start, end } = eventTimeToGoogle(time, floatingZone);
  if (insert) return { start, end };
  // Explicit nulls: a PATCH from timed to all-day (or back) must clear the other form.
  const explicit = (value: calendar_v3.Schema$EventDateTime) =>
    value.date
      ? { date: value.date, dateTime: null, timeZone: null }
      : { date: null, dateTime: value.dateTime ?? null, timeZone: value.timeZone ?? null };
  return { start: explicit(start), end: explicit(end) };
}

function remindersOf(reminders: Reminders): calendar_v3.Schema$Event['reminders'] {
  // `overrides: []` with useDefault clears overrides left by an earlier PATCH (objects merge).
  if (reminders.useDefault) return { useDefault: true, overrides: [] };
  return {
    useDefault: false,
    overrides: reminders.overrides.slice(0, GOOGLE_LIMITS.maxReminderOverrides).map((r) => ({
      method: r.method,
      minutes: Math.min(GOOGLE_LIMITS.maxReminderMinutes, Math.max(0, Math.round(r.minutesBefore))),
    })),
  };
}

/**
 * The Google event body for canonical content (PROTOCOLS.md §1.1, §1.5, §1.6). Send it with
 * `conferenceDataVersion=1`, or Google ignores `conferenceData`.
 *
 * @example
 * const body = contentToGoogleEvent(content, { mode: 'insert', floatingZone: 'UTC', appointmentId: 'apt_1', meetRequestId: 'meet-1', visibility: null });
 */
export function contentToGoogleEvent(content: EventContent, options: OutboundOptions): GoogleEvent {
  const insert = options.mode === 'insert';
  const meeting = content.meeting;
  const nonMeetLink =
    meeting !== null && meeting.provider !== 'google_meet' ? meeting.joinUrl : null;
  const location = content.location ?? nonMeetLink;
  const properties: Record<string, string | null> = {
    ...(options.appointmentId === null ? {} : { [APPOINTMENT_ID_PROPERTY]: options.appointmentId }),
    ...meetingProperties(meeting),
  };
  const privateProperties = Object.fromEntries(
    Object.entries(properties).filter(([, value]) => !insert || value !== null),
  ) as Record<string, string>;
  const conference = conferenceDataFor(meeting, options.meetRequestId);
  const body: GoogleEvent = {
    summary: content.title,
    description: content.description,
    location,
    ...timesOf(content.time, options.floatingZone, insert),
    recurrence: content.recurrence ? recurrenceToGoogle(content.recurrence, content.time) : null,
    attendees: content.attendees.map((a) => ({
      email: a.email,
      ...(a.name === null ? {} : { displayName: a.name }),
      ...(a.optional ? { optional: true } : {}),
      ...(a.resource ? { resource: true } : {}),
      responseStatus: RESPONSE_STATUS_TO_GOOGLE[a.responseStatus],
    })),
    status: content.status,
    reminders: remindersOf(content.reminders),
    transparency: content.transparency,
    extendedProperties: { private: privateProperties },
    // The client's type has no `null`, but PATCH needs it to remove a conference.
    conferenceData: conference as calendar_v3.Schema$ConferenceData,
    ...(insert && options.visibility !== null ? { visibility: options.visibility } : {}),
  };
  if (insert) {
    for (const key of Object.keys(body) as (keyof GoogleEvent)[]) {
      if (body[key] === null) Reflect.deleteProperty(body, key);
    }
  }
  return body;
}

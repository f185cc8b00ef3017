import type { Attendee, EventContent, EventTime, MeetingLink } from '@calsync/core';
import { normalizeEmail, normalizeInstant } from '@calsync/core';
import {
  isLocalDateTime,
  type CreateAppointmentInput,
  type UpdateAppointmentInput,
} from '../http/schemas/appointment.js';

type WritableFields = Omit<UpdateAppointmentInput, never> | CreateAppointmentInput;

/**
 * The event time an API body describes (validated already: dates for all-day, both with or both
 * without an offset otherwise). A left-out `time_zone` keeps the zone of a timed `existing`
 * time; `null` (or none known) is UTC.
 */
export function inputTime(input: WritableFields, existing: EventTime | null = null): EventTime {
  if (input.all_day) return { kind: 'all_day', startDate: input.start, endDate: input.end };
  if (isLocalDateTime(input.start)) {
    return { kind: 'floating', startsAtLocal: input.start, endsAtLocal: input.end };
  }
  const kept =
    input.time_zone === undefined && existing?.kind === 'zoned' ? existing.timeZone : null;
  return {
    kind: 'zoned',
    startsAtUTC: normalizeInstant(input.start),
    endsAtUTC: normalizeInstant(input.end),
    timeZone: input.time_zone ?? kept ?? 'UTC',
  };
}

function inputAttendees(input: WritableFields, existing: readonly Attendee[]): Attendee[] {
  if (!input.attendees) return [...existing];
  const seen = new Set<string>();
  const result: Attendee[] = [];
  for (const a of input.attendees) {
    const email = normalizeEmail(a.email);
    if (seen.has(email)) continue;
    seen.add(email);
    const before = existing.find((e) => e.email === email);
    result.push({
      email,
      name: a.name === undefined ? (before?.name ?? null) : a.name,
      responseStatus: a.response_status ?? before?.responseStatus ?? 'needs_action',
      optional: a.optional ?? false,
      organizer: before?.organizer ?? false,
      resource: before?.resource ?? false,
    });
  }
  return result;
}

function inputMeeting(input: WritableFields, existing: MeetingLink | null): MeetingLink | null {
  if (input.meeting_url === undefined) return existing;
  if (input.meeting_url === null) return null;
  if (existing?.joinUrl === input.meeting_url) return existing;
  return { provider: 'other', joinUrl: input.meeting_url, conferenceId: null };
}

/**
 * The canonical content of an API body. Fields the body leaves out keep their current value
 * (`existing`), so a host can send only what it knows.
 */
export function inputContent(input: WritableFields, existing: EventContent | null): EventContent {
  return {
    title: input.title,
    description:
      input.description === undefined ? (existing?.description ?? null) : input.description,
    location: input.location === undefined ? (existing?.location ?? null) : input.location,
    time: inputTime(input, existing?.time ?? null),
    recurrence:
      input.recurrence === undefined
        ? (existing?.recurrence ?? null)
        : input.recurrence.length
          ? { lines: input.recurrence }
          : null,
    attendees: inputAttendees(input, existing?.attendees ?? []),
    status: input.status ?? (existing?.status === 'tentative' ? 'tentative' : 'confirmed'),
    meeting: inputMeeting(input, existing?.meeting ?? null),
    reminders: existing?.reminders ?? { useDefault: true, overrides: [] },
    transparency: existing?.transparency ?? 'opaque',
  };
}

/** Adds internal participants (by their connected accounts' emails) as attendees. */
export function withParticipants(content: EventContent, emails: readonly string[]): EventContent {
  const known = new Set(content.attendees.map((a) => a.email));
  const added: Attendee[] = emails
    .map(normalizeEmail)
    .filter((email) => !known.has(email))
    .map((email) => ({
      email,
      name: null,
      responseStatus: 'needs_action',
      optional: false,
      organizer: false,
      resource: false,
    }));
  return added.length ? { ...content, attendees: [...content.attendees, ...added] } : content;
}

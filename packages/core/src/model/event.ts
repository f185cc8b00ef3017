import type { EventTime } from './time.js';

/** RSVP state, in Google's vocabulary (Graph and iCalendar values are mapped onto it). */
export type ResponseStatus = 'needs_action' | 'accepted' | 'declined' | 'tentative';

/** One participant. Matched across systems by lower-cased `email`. */
export interface Attendee {
  /** Always lower-case; {@link normalizeEmail} at the boundary. */
  readonly email: string;
  readonly name: string | null;
  readonly responseStatus: ResponseStatus;
  /** Graph `type: optional`, Google `optional`, iCalendar `ROLE=OPT-PARTICIPANT`. */
  readonly optional: boolean;
  readonly organizer: boolean;
  /** A room or equipment (Google `resource`, Graph `type: resource`, `CUTYPE=ROOM|RESOURCE`). */
  readonly resource: boolean;
}

/** One reminder. Google allows up to 5 (0..40320 minutes); Graph keeps only one. */
export interface Reminder {
  readonly method: 'popup' | 'email';
  readonly minutesBefore: number;
}

/** Reminders of an event: provider defaults, or an explicit list. */
export interface Reminders {
  readonly useDefault: boolean;
  readonly overrides: readonly Reminder[];
}

/** The video meeting attached to an event. */
export interface MeetingLink {
  readonly provider: 'zoom' | 'google_meet' | 'teams' | 'other';
  readonly joinUrl: string;
  readonly conferenceId: string | null;
}

/** Event status. A cancelled *series instance* hides that slot; a cancelled event is a removal. */
export type EventStatus = 'confirmed' | 'tentative' | 'cancelled';

/** Busy (`opaque`) or free (`transparent`) for availability. */
export type Transparency = 'opaque' | 'transparent';

/**
 * Recurrence as RFC 5545 content lines, e.g. `RRULE:FREQ=WEEKLY;BYDAY=MO`,
 * `EXDATE;TZID=Europe/Berlin:20260316T090000`, `RDATE:20260401T070000Z`.
 * Never DTSTART (the series start is the event's `time`). Overrides are separate
 * appointments keyed by their original start.
 */
export interface Recurrence {
  readonly lines: readonly string[];
}

/**
 * The fields that sync: what both sides may edit and what the three-way reconcile compares,
 * field by field. Identity and bookkeeping live on {@link Appointment} and `RemoteEvent`.
 */
export interface EventContent {
  readonly title: string;
  readonly description: string | null;
  readonly location: string | null;
  readonly time: EventTime;
  readonly recurrence: Recurrence | null;
  readonly attendees: readonly Attendee[];
  readonly status: EventStatus;
  readonly meeting: MeetingLink | null;
  readonly reminders: Reminders;
  readonly transparency: Transparency;
}

/** The syncable fields, in the order reconcile reports them. */
export const CONTENT_FIELDS = [
  'title',
  'description',
  'location',
  'time',
  'recurrence',
  'attendees',
  'status',
  'meeting',
  'reminders',
  'transparency',
] as const satisfies readonly (keyof EventContent)[];

/** One syncable field name. */
export type ContentField = (typeof CONTENT_FIELDS)[number];

/** Reminders meaning "whatever the calendar's default is". */
export const DEFAULT_REMINDERS: Reminders = { useDefault: true, overrides: [] };

/**
 * Lower-cases and trims an email, stripping a `mailto:` prefix.
 *
 * @example
 * normalizeEmail('MAILTO:Ann@Example.com ') // 'ann@example.com'
 */
export function normalizeEmail(value: string): string {
  return value
    .trim()
    .replace(/^mailto:/i, '')
    .toLowerCase();
}

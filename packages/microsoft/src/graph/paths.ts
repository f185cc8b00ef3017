import { APPOINTMENT_ID_PROPERTY, MEETING_PROPERTY } from '../facts.js';

/**
 * Graph paths (relative to `/v1.0`). Events are always addressed through their calendar, which
 * works for the user's own calendars and for calendars shared or delegated to them alike.
 */

/** `/me/calendars/{id}`. */
export function calendarPath(calendarId: string): string {
  return `/me/calendars/${encodeURIComponent(calendarId)}`;
}

/** `/me/calendars/{calendarId}/events/{eventId}`. */
export function eventPath(calendarId: string, eventId: string): string {
  return `${calendarPath(calendarId)}/events/${encodeURIComponent(eventId)}`;
}

/** `$expand` asking for the extended properties we stamp (delta cannot expand; reads can). */
export const EXPAND_OUR_PROPERTIES = `$expand=${encodeURIComponent(
  `singleValueExtendedProperties($filter=id eq '${APPOINTMENT_ID_PROPERTY}' or id eq '${MEETING_PROPERTY}')`,
)}`;

/** Graph wants `startDateTime`/`endDateTime` as ISO instants. */
export function windowQuery(startsAtUTC: string, endsAtUTC: string): string {
  return `startDateTime=${encodeURIComponent(startsAtUTC)}&endDateTime=${encodeURIComponent(endsAtUTC)}`;
}

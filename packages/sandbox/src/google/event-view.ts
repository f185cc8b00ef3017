import { formatInZone, hasOffset } from '../shared/zoned-time.js';
import { dateValue, resolveTime, timedValue } from './event-time.js';
import type { Occurrence } from './recurrence.js';
import type { EventDateTime, GoogleCalendar, StoredEvent } from './types.js';

/** The JSON of an event as the Calendar API answers it. */
export type EventJson = Record<string, unknown>;

/** How an event is rendered. */
export interface RenderOptions {
  /** Base of `htmlLink`. */
  htmlBaseUrl: string;
  /** The `timeZone` query parameter: timed values are shown in it. */
  timeZone?: string;
  /** Cancelled events as Google shows them to non-organizers: id and status only. */
  minimalTombstone?: boolean;
}

function displayTime(
  value: EventDateTime | undefined,
  options: RenderOptions,
  calendarTimeZone: string,
): EventDateTime | undefined {
  if (value === undefined || value.date !== undefined || value.dateTime === undefined) return value;
  if (options.timeZone === undefined && hasOffset(value.dateTime)) return value;
  const resolved = resolveTime(value, calendarTimeZone);
  if (resolved === undefined) return value;
  const zone = options.timeZone ?? value.timeZone ?? calendarTimeZone;
  return value.timeZone === undefined
    ? { dateTime: formatInZone(resolved.ms, zone) }
    : { dateTime: formatInZone(resolved.ms, zone), timeZone: value.timeZone };
}

function organizerOf(calendar: GoogleCalendar): Record<string, unknown> {
  return calendar.primary
    ? { email: calendar.ownerEmail, self: true }
    : { email: calendar.id, displayName: calendar.summary, self: true };
}

/** Renders a stored event (single, master, or exception). */
export function renderEvent(
  event: StoredEvent,
  calendar: GoogleCalendar,
  options: RenderOptions,
): EventJson {
  const base: EventJson = {
    kind: 'calendar#event',
    etag: event.etag,
    id: event.id,
    status: event.status,
  };
  if (
    event.status === 'cancelled' &&
    (options.minimalTombstone === true || event.recurringEventId !== undefined)
  ) {
    if (event.recurringEventId !== undefined) {
      base.recurringEventId = event.recurringEventId;
      base.originalStartTime = displayTime(event.originalStartTime, options, calendar.timeZone);
    }
    return base;
  }
  const { fields } = event;
  const json: EventJson = {
    ...base,
    htmlLink: `${options.htmlBaseUrl}/event?eid=${Buffer.from(`${event.id} ${calendar.id}`).toString('base64url')}`,
    created: new Date(event.createdMs).toISOString(),
    updated: new Date(event.updatedMs).toISOString(),
    summary: fields.summary,
    description: fields.description,
    location: fields.location,
    colorId: fields.colorId,
    creator: { email: calendar.ownerEmail, self: true },
    organizer: organizerOf(calendar),
    start: displayTime(fields.start, options, calendar.timeZone),
    end: displayTime(fields.end, options, calendar.timeZone),
    endTimeUnspecified: fields.endTimeUnspecified,
    recurrence: fields.recurrence,
    recurringEventId: event.recurringEventId,
    originalStartTime: displayTime(event.originalStartTime, options, calendar.timeZone),
    transparency: fields.transparency,
    visibility: fields.visibility,
    iCalUID: event.iCalUID,
    sequence: event.sequence,
    attendees: fields.attendees?.map((attendee) => ({
      ...attendee,
      ...(attendee.email === calendar.ownerEmail ? { self: true } : {}),
      ...(attendee.email === calendar.ownerEmail || attendee.email === calendar.id
        ? { organizer: true }
        : {}),
    })),
    extendedProperties: fields.extendedProperties,
    hangoutLink: event.conferenceData?.entryPoints?.find((e) => e.entryPointType === 'video')?.uri,
    conferenceData: event.conferenceData,
    guestsCanModify: fields.guestsCanModify,
    guestsCanInviteOthers: fields.guestsCanInviteOthers,
    guestsCanSeeOtherGuests: fields.guestsCanSeeOtherGuests,
    anyoneCanAddSelf: fields.anyoneCanAddSelf,
    reminders: fields.reminders ?? { useDefault: true },
    source: fields.source,
    eventType: fields.eventType ?? 'default',
  };
  for (const key of Object.keys(json))
    if (json[key] === undefined) Reflect.deleteProperty(json, key);
  return json;
}

/** The stored form of a generated instance of `master`, not yet stored. */
export function instanceOf(
  master: StoredEvent,
  calendar: GoogleCalendar,
  occurrence: Occurrence,
): StoredEvent {
  const masterStart = master.fields.start ?? {};
  const first = resolveTime(masterStart, calendar.timeZone);
  const masterEnd = resolveTime(master.fields.end ?? {}, calendar.timeZone);
  const zone = masterStart.timeZone;
  let start: EventDateTime;
  let end: EventDateTime;
  if (occurrence.start.allDay) {
    const spanMs = (masterEnd?.dateMs ?? 0) - (first?.dateMs ?? 0);
    const dateMs = occurrence.start.dateMs ?? occurrence.start.ms;
    start = dateValue(dateMs);
    end = dateValue(dateMs + spanMs);
  } else {
    const durationMs = (masterEnd?.ms ?? 0) - (first?.ms ?? 0);
    start = timedValue(occurrence.start.ms, zone);
    end = timedValue(occurrence.start.ms + durationMs, master.fields.end?.timeZone ?? zone);
  }
  const { recurrence: _recurrence, ...fields } = master.fields;
  return {
    ...master,
    id: `${master.id}_${occurrence.idSuffix}`,
    fields: { ...fields, start, end },
    recurringEventId: master.id,
    originalStartTime: start,
  };
}

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
  // Built key by key, skipping absent values: deleting keys afterwards would slow every response.
  const json: EventJson = base;
  const put = (key: string, value: unknown): void => {
    if (value !== undefined) json[key] = value;
  };
  put(
    'htmlLink',
    `${options.htmlBaseUrl}/event?eid=${Buffer.from(`${event.id} ${calendar.id}`).toString('base64url')}`,
  );
  put('created', new Date(event.createdMs).toISOString());
  put('updated', new Date(event.updatedMs).toISOString());
  put('summary', fields.summary);
  put('description', fields.description);
  put('location', fields.location);
  put('colorId', fields.colorId);
  put('creator', { email: calendar.ownerEmail, self: true });
  put('organizer', organizerOf(calendar));
  put('start', displayTime(fields.start, options, calendar.timeZone));
  put('end', displayTime(fields.end, options, calendar.timeZone));
  put('endTimeUnspecified', fields.endTimeUnspecified);
  put('recurrence', fields.recurrence);
  put('recurringEventId', event.recurringEventId);
  put('originalStartTime', displayTime(event.originalStartTime, options, calendar.timeZone));
  put('transparency', fields.transparency);
  put('visibility', fields.visibility);
  put('iCalUID', event.iCalUID);
  put('sequence', event.sequence);
  put(
    'attendees',
    fields.attendees?.map((attendee) => ({
      ...attendee,
      ...(attendee.email === calendar.ownerEmail ? { self: true } : {}),
      ...(attendee.email === calendar.ownerEmail || attendee.email === calendar.id
        ? { organizer: true }
        : {}),
    })),
  );
  put('extendedProperties', fields.extendedProperties);
  put(
    'hangoutLink',
    event.conferenceData?.entryPoints?.find((e) => e.entryPointType === 'video')?.uri,
  );
  put('conferenceData', event.conferenceData);
  put('guestsCanModify', fields.guestsCanModify);
  put('guestsCanInviteOthers', fields.guestsCanInviteOthers);
  put('guestsCanSeeOtherGuests', fields.guestsCanSeeOtherGuests);
  put('anyoneCanAddSelf', fields.anyoneCanAddSelf);
  put('reminders', fields.reminders ?? { useDefault: true });
  put('source', fields.source);
  put('eventType', fields.eventType ?? 'default');
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

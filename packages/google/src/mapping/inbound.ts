import {
  type Attendee,
  DEFAULT_REMINDERS,
  type EventContent,
  type EventStatus,
  type GoogleEventDateTime,
  type OriginalStart,
  type PullIssue,
  type Reminder,
  type Reminders,
  type RemoteChange,
  type RemoteEvent,
  type ResponseStatus,
  eventTimeFromGoogle,
  normalizeContent,
  normalizeEmail,
  originalStartFromGoogle,
  recurrenceFromGoogle,
  recurrenceLimitProblem,
} from '@calsync/core';
import type { calendar_v3 } from '@googleapis/calendar';
import { APPOINTMENT_ID_PROPERTY } from '../endpoints.js';
import { isStoredMeetingLocation, meetingFromGoogle } from './meeting.js';

type GoogleEvent = calendar_v3.Schema$Event;

/** Google `responseStatus` → canonical RSVP. */
export const RESPONSE_STATUS_FROM_GOOGLE: Readonly<Record<string, ResponseStatus>> = {
  needsAction: 'needs_action',
  accepted: 'accepted',
  declined: 'declined',
  tentative: 'tentative',
};

/** Google `visibility` → iCalendar `CLASS`, kept in `extraProperties` (not a synced field). */
const CLASS_OF_VISIBILITY: Readonly<Record<string, string>> = {
  public: 'PUBLIC',
  private: 'PRIVATE',
  confidential: 'CONFIDENTIAL',
};

/** The result of reading one item: a change, or why it was skipped. */
export type InboundResult =
  | { readonly kind: 'change'; readonly change: RemoteChange }
  | { readonly kind: 'issue'; readonly issue: PullIssue };

class MalformedItem extends Error {}

function issueOf(item: GoogleEvent, reason: string): InboundResult {
  return {
    kind: 'issue',
    issue: {
      externalId: typeof item.id === 'string' && item.id !== '' ? item.id : null,
      reason,
      excerpt: JSON.stringify(item).slice(0, 300),
    },
  };
}

function attendeesOf(event: GoogleEvent): Attendee[] {
  const organizerEmail = event.organizer?.email ? normalizeEmail(event.organizer.email) : null;
  return (event.attendees ?? []).flatMap((raw) => {
    // Google always sends an email; an attendee without one cannot be matched anywhere.
    if (!raw.email) return [];
    const email = normalizeEmail(raw.email);
    return [
      {
        email,
        name: raw.displayName ?? null,
        responseStatus: RESPONSE_STATUS_FROM_GOOGLE[raw.responseStatus ?? ''] ?? 'needs_action',
        optional: raw.optional === true,
        organizer: raw.organizer === true || email === organizerEmail,
        resource: raw.resource === true,
      },
    ];
  });
}

function remindersOf(event: GoogleEvent): Reminders {
  const reminders = event.reminders;
  if (!reminders) return DEFAULT_REMINDERS;
  const overrides: Reminder[] = (reminders.overrides ?? []).flatMap((o) =>
    (o.method === 'popup' || o.method === 'email') && typeof o.minutes === 'number'
      ? [{ method: o.method, minutesBefore: o.minutes }]
      : [],
  );
  return { useDefault: reminders.useDefault === true, overrides };
}

function statusOf(event: GoogleEvent): EventStatus {
  if (event.status === 'tentative') return 'tentative';
  if (event.status === undefined || event.status === null || event.status === 'confirmed') {
    return 'confirmed';
  }
  throw new MalformedItem(`unknown status ${JSON.stringify(event.status)}`);
}

function instantOf(value: string | null | undefined, what: string): string {
  const ms = value ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new MalformedItem(`missing or invalid ${what}`);
  return new Date(ms).toISOString();
}

/** Google's `EventDateTime` without the client's `null`s, as core's helpers take it. */
function dateTimeOf(value: calendar_v3.Schema$EventDateTime): GoogleEventDateTime {
  return {
    ...(value.date ? { date: value.date } : {}),
    ...(value.dateTime ? { dateTime: value.dateTime } : {}),
    ...(value.timeZone ? { timeZone: value.timeZone } : {}),
  };
}

export function originalStartOf(event: GoogleEvent): OriginalStart | null {
  if (!event.recurringEventId) return null;
  const slot = event.originalStartTime
    ? originalStartFromGoogle(dateTimeOf(event.originalStartTime))
    : null;
  if (slot === null) throw new MalformedItem('exception without a valid originalStartTime');
  return slot;
}

function extraPropertiesOf(event: GoogleEvent): string[] {
  const extra: string[] = [];
  const visibilityClass = CLASS_OF_VISIBILITY[event.visibility ?? ''];
  if (visibilityClass !== undefined) extra.push(`CLASS:${visibilityClass}`);
  if (event.eventType && event.eventType !== 'default') {
    extra.push(`X-GOOGLE-EVENT-TYPE:${event.eventType}`);
  }
  return extra;
}

/** The canonical content of a live Google event; throws {@link MalformedItem}. */
function contentOf(event: GoogleEvent, calendarZone: string): EventContent {
  const time =
    event.start && event.end
      ? eventTimeFromGoogle(dateTimeOf(event.start), dateTimeOf(event.end), calendarZone)
      : null;
  if (time === null) throw new MalformedItem('missing or invalid start/end');
  const recurrence = event.recurringEventId ? null : recurrenceFromGoogle(event.recurrence);
  const refused = recurrence ? recurrenceLimitProblem(recurrence.lines) : null;
  if (refused)
    throw new MalformedItem(`recurrence refused (${refused.reason}): ${refused.message}`);
  return normalizeContent({
    title: event.summary ?? '',
    description: event.description ?? null,
    location: isStoredMeetingLocation(event) ? null : (event.location ?? null),
    time,
    recurrence,
    attendees: attendeesOf(event),
    status: statusOf(event),
    meeting: meetingFromGoogle(event),
    reminders: remindersOf(event),
    transparency: event.transparency === 'transparent' ? 'transparent' : 'opaque',
  });
}

/**
 * A live Google event as a {@link RemoteEvent}; throws when it cannot be read. Used for write
 * results, where an unreadable answer is a provider bug rather than an item to skip.
 *
 * @example
 * const remote = googleEventToRemote(inserted, 'primary', 'UTC');
 */
export function googleEventToRemote(
  event: GoogleEvent,
  calendarId: string,
  calendarZone: string,
): RemoteEvent {
  if (!event.id) throw new MalformedItem('missing id');
  if (!event.etag) throw new MalformedItem('missing etag');
  return {
    externalId: event.id,
    calendarId,
    etag: event.etag,
    iCalUID: event.iCalUID ?? null,
    seriesExternalId: event.recurringEventId ?? null,
    originalStart: originalStartOf(event),
    updatedAt: instantOf(event.updated, 'updated'),
    calsyncAppointmentId: event.extendedProperties?.private?.[APPOINTMENT_ID_PROPERTY] ?? null,
    content: contentOf(event, calendarZone),
    extraProperties: extraPropertiesOf(event),
  };
}

/**
 * Reads one item of `events.list`: a cancelled item becomes a removal (a cancelled exception of
 * a live series keeps its series and slot, PROTOCOLS.md §1.3), a live one an upsert, and an
 * unreadable one a {@link PullIssue} so the rest of the page still syncs.
 *
 * @example
 * const result = googleItemToChange(item, 'primary', 'Europe/Berlin');
 * if (result.kind === 'issue') issues.push(result.issue);
 */
export function googleItemToChange(
  item: GoogleEvent,
  calendarId: string,
  calendarZone: string,
): InboundResult {
  try {
    if (item.status === 'cancelled') {
      if (!item.id) throw new MalformedItem('missing id');
      return {
        kind: 'change',
        change: {
          kind: 'removed',
          externalId: item.id,
          calendarId,
          seriesExternalId: item.recurringEventId ?? null,
          originalStart: originalStartOf(item),
          reason: item.recurringEventId ? 'cancelled' : 'deleted',
          removedAt: item.updated ? instantOf(item.updated, 'updated') : null,
        },
      };
    }
    return {
      kind: 'change',
      change: { kind: 'upsert', event: googleEventToRemote(item, calendarId, calendarZone) },
    };
  } catch (error) {
    if (error instanceof MalformedItem) return issueOf(item, error.message);
    // Core's time helpers throw RangeError on values they cannot place (a date that parses but
    // is not a real day, an unknown zone): the item's fault, not the page's. Other errors are
    // bugs and propagate.
    if (error instanceof RangeError) return issueOf(item, error.message);
    throw error;
  }
}

export { MalformedItem };

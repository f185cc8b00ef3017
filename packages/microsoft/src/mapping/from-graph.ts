import type {
  EventContent,
  EventStatus,
  MeetingLink,
  PullIssue,
  Reminders,
  RemoteEvent,
  Transparency,
} from '@calsync/core';
import { normalizeInstant, recurrenceFromGraph } from '@calsync/core';
import { APPOINTMENT_ID_PROPERTY, DEFAULT_REMINDER_MINUTES, MEETING_PROPERTY } from '../facts.js';
import { attendeesFromGraph } from './attendees.js';
import { extraPropertiesFromGraph } from './extras.js';
import type { GraphEvent } from './graph-types.js';
import { eventTimeFromGraph, originalStartFromGraph } from './time.js';

/** The outcome of mapping one Graph item: the event, or why it was skipped. */
export type GraphEventMapping =
  | { readonly kind: 'event'; readonly event: RemoteEvent }
  | { readonly kind: 'issue'; readonly issue: PullIssue };

/** Longest raw excerpt kept on a {@link PullIssue}. */
const EXCERPT_CHARS = 300;

/** A short excerpt of a raw item for the admin's failed-items view. */
export function excerptOf(item: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(item) ?? String(item);
  } catch {
    text = String(item);
  }
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/** `showAs` + `isCancelled` → status; `tentative` is the only showAs that is also a status. */
export function statusFromGraph(event: GraphEvent): EventStatus {
  if (event.isCancelled) return 'cancelled';
  return event.showAs === 'tentative' ? 'tentative' : 'confirmed';
}

/** `showAs: free` is transparent; everything else blocks the slot. */
export function transparencyFromGraph(event: GraphEvent): Transparency {
  return event.showAs === 'free' ? 'transparent' : 'opaque';
}

/** Graph keeps one reminder; Outlook's default (15 minutes, on) reads as "use the default". */
export function remindersFromGraph(event: GraphEvent): Reminders {
  if (event.isReminderOn === false) return { useDefault: false, overrides: [] };
  const minutes = event.reminderMinutesBeforeStart ?? DEFAULT_REMINDER_MINUTES;
  if (minutes === DEFAULT_REMINDER_MINUTES) return { useDefault: true, overrides: [] };
  return { useDefault: false, overrides: [{ method: 'popup', minutesBefore: minutes }] };
}

/** The value of one of our single-value extended properties, if present. */
export function extendedProperty(event: GraphEvent, id: string): string | null {
  const wanted = id.toLowerCase();
  const found = event.singleValueExtendedProperties?.find((p) => p.id.toLowerCase() === wanted);
  return found && found.value !== '' ? found.value : null;
}

/** The location, unless it only holds the Zoom / Meet / other link the push put there. */
export function locationFromGraph(event: GraphEvent): string | null {
  const location = event.location?.displayName || null;
  const meeting = location === null ? null : meetingFromGraph(event);
  return meeting && meeting.provider !== 'teams' && meeting.joinUrl === location ? null : location;
}

/** A Teams join URL wins; otherwise the link we stamped for Zoom / Meet / other meetings. */
export function meetingFromGraph(event: GraphEvent): MeetingLink | null {
  const joinUrl = event.onlineMeeting?.joinUrl;
  if (joinUrl) {
    return { provider: 'teams', joinUrl, conferenceId: event.onlineMeeting?.conferenceId ?? null };
  }
  const stamped = extendedProperty(event, MEETING_PROPERTY);
  if (!stamped) return null;
  try {
    const parsed = JSON.parse(stamped) as Partial<MeetingLink>;
    if (typeof parsed.joinUrl !== 'string' || typeof parsed.provider !== 'string') return null;
    const provider = ['zoom', 'google_meet', 'teams', 'other'].includes(parsed.provider)
      ? parsed.provider
      : 'other';
    return { provider, joinUrl: parsed.joinUrl, conferenceId: parsed.conferenceId ?? null };
  } catch {
    return null;
  }
}

/** Text bodies come back with CRLF and trailing blank lines; compare them as written. */
function descriptionFromGraph(event: GraphEvent): string | null {
  const content = event.body?.content;
  if (!content) return null;
  const text = content.replace(/\r\n/g, '\n').trimEnd();
  return text === '' ? null : text;
}

function issue(event: GraphEvent, reason: string): GraphEventMapping {
  return {
    kind: 'issue',
    issue: { externalId: event.id ?? null, reason, excerpt: excerptOf(event) },
  };
}

/**
 * Maps a Graph event (single, series master, occurrence or exception) to core's `RemoteEvent`.
 * Pure. Items without an id or with unreadable times come back as an issue.
 *
 * @example
 * const mapped = graphEventToRemote(item, 'AAMk…calendar');
 * if (mapped.kind === 'event') changes.push({ kind: 'upsert', event: mapped.event });
 */
export function graphEventToRemote(
  event: GraphEvent,
  calendarId: string,
  options: { readonly allDaySeries?: boolean } = {},
): GraphEventMapping {
  if (!event.id) return issue(event, 'event without an id');
  const time = eventTimeFromGraph(
    event.start,
    event.end,
    event.isAllDay === true,
    event.originalStartTimeZone,
  );
  if (!time) return issue(event, 'unreadable start/end');
  let recurrence: EventContent['recurrence'] = null;
  if (event.type === 'seriesMaster') {
    if (!event.recurrence) return issue(event, 'series master without recurrence');
    try {
      recurrence = recurrenceFromGraph(event.recurrence, time);
    } catch (error) {
      return issue(event, `unreadable recurrence: ${(error as Error).message}`);
    }
  }
  const isInstance = event.type === 'occurrence' || event.type === 'exception';
  const originalStart = isInstance
    ? originalStartFromGraph(event.originalStart, options.allDaySeries ?? time.kind === 'all_day')
    : null;
  if (isInstance && (!event.seriesMasterId || !originalStart)) {
    return issue(event, 'instance without seriesMasterId/originalStart');
  }
  const updated = event.lastModifiedDateTime ?? event.createdDateTime;
  let updatedAt: string;
  try {
    updatedAt = normalizeInstant(updated ?? '');
  } catch {
    return issue(event, 'unreadable lastModifiedDateTime');
  }
  const content: EventContent = {
    title: event.subject ?? '',
    description: descriptionFromGraph(event),
    location: locationFromGraph(event),
    time,
    recurrence,
    attendees: attendeesFromGraph(event.attendees, event.organizer?.emailAddress?.address ?? null),
    status: statusFromGraph(event),
    meeting: meetingFromGraph(event),
    reminders: remindersFromGraph(event),
    transparency: transparencyFromGraph(event),
  };
  return {
    kind: 'event',
    event: {
      externalId: event.id,
      calendarId,
      etag: event['@odata.etag'] ?? (event.changeKey ? `W/"${event.changeKey}"` : ''),
      iCalUID: event.iCalUId ?? null,
      seriesExternalId: isInstance ? (event.seriesMasterId ?? null) : null,
      originalStart,
      updatedAt,
      calsyncAppointmentId: extendedProperty(event, APPOINTMENT_ID_PROPERTY),
      content,
      extraProperties: extraPropertiesFromGraph(event),
    },
  };
}

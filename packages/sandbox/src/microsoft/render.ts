import { formatUTCTimestamp, formatGraphDateTime, instantToWallMs, toIANAZone } from './time.js';
import type { EventView } from './model.js';

/** How the client asked for times to be rendered. */
export interface RenderOptions {
  /** Zone name from `Prefer: outlook.timezone` (as given), or null for UTC. */
  preferredZone: string | null;
  /** `Prefer: outlook.body-content-type`. */
  bodyContentType: 'html' | 'text' | null;
}

function renderTime(
  instantMs: number,
  originalZone: string,
  isAllDay: boolean,
  options: RenderOptions,
): {
  dateTime: string;
  timeZone: string;
} {
  const zoneName = options.preferredZone ?? 'UTC';
  if (isAllDay) {
    // All-day events are dates: keep the wall-clock midnight of the zone they were created in.
    const wallMs = instantToWallMs(instantMs, toIANAZone(originalZone) ?? 'UTC');
    return { dateTime: formatGraphDateTime(wallMs, 'UTC'), timeZone: zoneName };
  }
  return {
    dateTime: formatGraphDateTime(instantMs, toIANAZone(zoneName) ?? 'UTC'),
    timeZone: zoneName,
  };
}

function stripHTML(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Renders an event as Graph returns it (`@odata.etag` is `W/"changeKey"`). */
export function renderEvent(view: EventView, options: RenderOptions): Record<string, unknown> {
  const { fields, event } = view;
  const plain =
    fields.body.contentType === 'html' ? stripHTML(fields.body.content) : fields.body.content;
  const body =
    options.bodyContentType === 'text' && fields.body.contentType === 'html'
      ? { contentType: 'text', content: plain }
      : fields.body;
  const rendered: Record<string, unknown> = {
    '@odata.etag': `W/"${view.changeKey}"`,
    id: view.id,
    createdDateTime: formatUTCTimestamp(event.createdMs),
    lastModifiedDateTime: formatUTCTimestamp(view.lastModifiedMs),
    changeKey: view.changeKey,
    categories: fields.categories,
    originalStartTimeZone: fields.startZone,
    originalEndTimeZone: fields.endZone,
    iCalUId: event.iCalUId,
    uid: event.iCalUId,
    reminderMinutesBeforeStart: fields.reminderMinutesBeforeStart,
    isReminderOn: fields.isReminderOn,
    hasAttachments: false,
    subject: fields.subject,
    bodyPreview: plain.slice(0, 255),
    importance: fields.importance,
    sensitivity: fields.sensitivity,
    isAllDay: fields.isAllDay,
    isCancelled: fields.isCancelled,
    isOrganizer: event.isOrganizer,
    responseRequested: fields.responseRequested,
    seriesMasterId: view.originalStartMs === null ? null : event.id,
    showAs: fields.showAs,
    type: view.type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(view.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: fields.isOnlineMeeting,
    onlineMeetingProvider: fields.onlineMeetingProvider,
    allowNewTimeProposals: fields.allowNewTimeProposals,
    isDraft: false,
    hideAttendees: fields.hideAttendees,
    responseStatus: fields.responseStatus,
    body,
    start: renderTime(fields.startMs, fields.startZone, fields.isAllDay, options),
    end: renderTime(fields.endMs, fields.endZone, fields.isAllDay, options),
    location: fields.location,
    locations: fields.locations,
    recurrence: view.type === 'seriesMaster' ? event.recurrence : null,
    attendees: fields.attendees,
    organizer: fields.organizer,
    onlineMeeting: fields.onlineMeeting,
    ...fields.extra,
  };
  if (event.transactionId !== null && view.originalStartMs === null)
    rendered.transactionId = event.transactionId;
  if (view.originalStartMs !== null) {
    rendered.originalStart = `${new Date(view.originalStartMs).toISOString().slice(0, 19)}Z`;
  }
  return rendered;
}

/** Applies `$select` (keeping id and etag, as Graph does). */
export function selectFields(
  rendered: Record<string, unknown>,
  select: string | undefined,
): Record<string, unknown> {
  if (!select) return rendered;
  const wanted = new Set(select.split(',').map((name) => name.trim()));
  wanted.add('id');
  wanted.add('@odata.etag');
  return Object.fromEntries(Object.entries(rendered).filter(([key]) => wanted.has(key)));
}

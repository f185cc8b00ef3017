import {
  decodePageToken,
  decodeSyncToken,
  encodePageToken,
  encodeSyncToken,
} from './cursor-tokens.js';
import { fullSyncRequired, invalidParameter } from './errors.js';
import { eventSpan } from './event-writes.js';
import { instanceOf, renderEvent } from './event-view.js';
import type { EventJson } from './event-view.js';
import type { ListQuery } from './list-query.js';
import { expandSeries } from './recurrence.js';
import type { GoogleRuntime } from './runtime.js';
import type { GoogleAccount, GoogleCalendar, StoredEvent } from './types.js';

/** One page of `events.list` or `events.instances`. */
export interface EventsPage {
  items: EventJson[];
  nextPageToken?: string;
  nextSyncToken?: string;
}

interface Candidate {
  event: StoredEvent;
  sortValue: number;
}

const DAY_MS = 86_400_000;
const MAX_INSTANCES_PER_SERIES = 2500;
const LOWEST_SORT_VALUE = Number.MIN_SAFE_INTEGER;

/** True for a recurring series' master. */
export function isMaster(event: StoredEvent): boolean {
  return event.fields.recurrence !== undefined && event.recurringEventId === undefined;
}

/** Removes tombstones older than the retention; remembers how far purging went. */
export function purgeTombstones(rt: GoogleRuntime, calendar: GoogleCalendar): void {
  const oldestKeptMs = rt.nowMs() - rt.options.tombstoneRetentionMs;
  for (const [id, event] of calendar.events) {
    if (event.status === 'cancelled' && event.updatedMs < oldestKeptMs) {
      calendar.events.delete(id);
      calendar.purgedThroughSeq = Math.max(calendar.purgedThroughSeq, event.changeSeq);
    }
  }
}

/** Generated instances of a master, leaving out slots that have a stored exception. */
export function generatedInstances(
  rt: GoogleRuntime,
  calendar: GoogleCalendar,
  master: StoredEvent,
  untilMs?: number,
): StoredEvent[] {
  const horizonMs = rt.nowMs() + rt.options.expansionHorizonDays * DAY_MS;
  const occurrences = expandSeries(
    { start: master.fields.start ?? {}, recurrence: master.fields.recurrence ?? [] },
    calendar.timeZone,
    { untilMs: untilMs ?? horizonMs, maxCount: MAX_INSTANCES_PER_SERIES },
  );
  return occurrences
    .map((occurrence) => instanceOf(master, calendar, occurrence))
    .filter((instance) => !calendar.events.has(instance.id));
}

function matchesText(event: StoredEvent, q: string): boolean {
  const needle = q.toLowerCase();
  const { fields } = event;
  const haystack = [
    fields.summary,
    fields.description,
    fields.location,
    ...(fields.attendees ?? []).flatMap((a) => [a.email, a.displayName]),
  ];
  return haystack.some((text) => text?.toLowerCase().includes(needle) === true);
}

function overlaps(
  rt: GoogleRuntime,
  calendar: GoogleCalendar,
  event: StoredEvent,
  query: ListQuery,
): boolean {
  if (query.timeMinMs === undefined && query.timeMaxMs === undefined) return true;
  const minMs = query.timeMinMs ?? LOWEST_SORT_VALUE;
  const maxMs = query.timeMaxMs ?? Number.MAX_SAFE_INTEGER;
  if (isMaster(event)) {
    const span = eventSpan(event, calendar);
    if (span === undefined) return false;
    const durationMs = span.endMs - span.startMs;
    return expandSeries(
      { start: event.fields.start ?? {}, recurrence: event.fields.recurrence ?? [] },
      calendar.timeZone,
      {
        untilMs: Math.min(maxMs, rt.nowMs() + rt.options.expansionHorizonDays * DAY_MS),
        maxCount: MAX_INSTANCES_PER_SERIES,
      },
    ).some((occurrence) => occurrence.start.ms + Math.max(durationMs, 1) > minMs);
  }
  const span = eventSpan(event, calendar);
  if (span === undefined) return false;
  // timeMin bounds the end, timeMax the start, both exclusive.
  return span.endMs > minMs && span.startMs < maxMs;
}

function passesFilters(event: StoredEvent, query: ListQuery): boolean {
  if (query.updatedMinMs !== undefined && event.updatedMs < query.updatedMinMs) return false;
  if (query.iCalUID !== undefined && event.iCalUID !== query.iCalUID) return false;
  if (query.q !== undefined && !matchesText(event, query.q)) return false;
  const priv = event.fields.extendedProperties?.private ?? {};
  if (!query.privateProperties.every(([key, value]) => priv[key] === value)) return false;
  const shared = event.fields.extendedProperties?.shared ?? {};
  if (!query.sharedProperties.every(([key, value]) => shared[key] === value)) return false;
  if (
    query.eventTypes.length > 0 &&
    !query.eventTypes.includes(event.fields.eventType ?? 'default')
  )
    return false;
  return true;
}

function fullListing(rt: GoogleRuntime, calendar: GoogleCalendar, query: ListQuery): Candidate[] {
  const includeDeleted = query.showDeleted === true || query.updatedMinMs !== undefined;
  const events: StoredEvent[] = [];
  for (const event of calendar.events.values()) {
    if (query.singleEvents && isMaster(event)) {
      if (event.status !== 'cancelled')
        events.push(...generatedInstances(rt, calendar, event, query.timeMaxMs));
    } else {
      events.push(event);
    }
  }
  const kept = events.filter((event) => {
    if (event.status === 'cancelled' && !includeDeleted) {
      // A cancelled exception of a live series still shows when masters are listed.
      const master =
        event.recurringEventId === undefined
          ? undefined
          : calendar.events.get(event.recurringEventId);
      if (query.singleEvents || master === undefined || master.status === 'cancelled') return false;
    }
    return passesFilters(event, query) && overlaps(rt, calendar, event, query);
  });
  return kept.map((event) => ({
    event,
    sortValue:
      query.orderBy === 'updated' ? event.updatedMs : (eventSpan(event, calendar)?.startMs ?? 0),
  }));
}

function changesSince(
  rt: GoogleRuntime,
  calendar: GoogleCalendar,
  sinceSeq: number,
  query: ListQuery,
): Candidate[] {
  const out: Candidate[] = [];
  for (const event of calendar.events.values()) {
    if (event.changeSeq <= sinceSeq || !passesFilters(event, query)) continue;
    if (query.singleEvents && isMaster(event) && event.status !== 'cancelled') {
      for (const instance of generatedInstances(rt, calendar, event))
        out.push({ event: instance, sortValue: event.changeSeq });
    } else {
      out.push({ event, sortValue: event.changeSeq });
    }
  }
  return out;
}

function checkedSyncToken(account: GoogleAccount, calendar: GoogleCalendar, token: string): number {
  const data = decodeSyncToken(token);
  if (data === undefined || data.c !== calendar.id)
    throw invalidParameter('syncToken', 'Invalid sync token value.');
  if (data.e !== account.syncEpoch || data.s < calendar.purgedThroughSeq) throw fullSyncRequired();
  return data.s;
}

/** Sorts, then serves the page after the cursor; the last page carries the sync token. */
export function paginate(
  rt: GoogleRuntime,
  account: GoogleAccount,
  calendar: GoogleCalendar,
  candidates: Candidate[],
  query: Pick<ListQuery, 'maxResults' | 'pageToken' | 'timeZone'>,
  options: { withSyncToken: boolean },
): EventsPage {
  const page = query.pageToken === undefined ? undefined : decodePageToken(query.pageToken);
  if (query.pageToken !== undefined && (page === undefined || page.c !== calendar.id)) {
    throw invalidParameter('pageToken', 'Invalid page token value.');
  }
  const startSeq = page?.s ?? rt.state.currentChangeSeq();
  const render = (event: StoredEvent): EventJson =>
    renderEvent(event, calendar, {
      htmlBaseUrl: `${rt.ctx.providerBaseUrl()}/calendar`,
      timeZone: query.timeZone,
      minimalTombstone: rt.options.minimalTombstones,
    });
  if (page === undefined && rt.options.emptyFirstPage) {
    return {
      items: [],
      nextPageToken: encodePageToken({
        c: calendar.id,
        s: startSeq,
        a: LOWEST_SORT_VALUE,
        i: '',
        x: true,
      }),
    };
  }
  candidates.sort(
    (x, y) =>
      x.sortValue - y.sortValue || (x.event.id < y.event.id ? -1 : x.event.id > y.event.id ? 1 : 0),
  );
  const remaining =
    page === undefined
      ? candidates
      : candidates.filter(
          (c) => c.sortValue > page.a || (c.sortValue === page.a && c.event.id > page.i),
        );
  const served = remaining.slice(0, query.maxResults);
  const last = served.at(-1);
  if (remaining.length > served.length && last !== undefined) {
    return {
      items: served.map((c) => render(c.event)),
      nextPageToken: encodePageToken({
        c: calendar.id,
        s: startSeq,
        a: last.sortValue,
        i: last.event.id,
      }),
    };
  }
  const result: EventsPage = { items: served.map((c) => render(c.event)) };
  if (options.withSyncToken) {
    result.nextSyncToken = encodeSyncToken({
      c: calendar.id,
      s: startSeq,
      e: account.syncEpoch,
      t: rt.nowMs(),
    });
  }
  return result;
}

/** `events.list`: a full listing, or the changes since a sync token. */
export function listEvents(
  rt: GoogleRuntime,
  account: GoogleAccount,
  calendar: GoogleCalendar,
  query: ListQuery,
): EventsPage {
  purgeTombstones(rt, calendar);
  const candidates =
    query.syncToken === undefined
      ? fullListing(rt, calendar, query)
      : changesSince(rt, calendar, checkedSyncToken(account, calendar, query.syncToken), query);
  return paginate(rt, account, calendar, candidates, query, { withSyncToken: true });
}

/** `events.instances` of a series. */
export function listInstances(
  rt: GoogleRuntime,
  account: GoogleAccount,
  calendar: GoogleCalendar,
  master: StoredEvent,
  query: ListQuery & { originalStartMs?: number },
): EventsPage {
  purgeTombstones(rt, calendar);
  const events = isMaster(master)
    ? [
        ...generatedInstances(rt, calendar, master, query.timeMaxMs),
        ...[...calendar.events.values()].filter((e) => e.recurringEventId === master.id),
      ]
    : [master];
  const candidates = events
    .filter((event) => {
      if (event.status === 'cancelled' && query.showDeleted !== true) return false;
      if (query.originalStartMs !== undefined) {
        const original = eventSpan(
          { ...event, fields: { start: event.originalStartTime ?? event.fields.start } },
          calendar,
        );
        if (original?.startMs !== query.originalStartMs) return false;
      }
      return overlaps(rt, calendar, event, query);
    })
    .map((event) => ({
      event,
      sortValue:
        eventSpan(
          { ...event, fields: { start: event.originalStartTime ?? event.fields.start } },
          calendar,
        )?.startMs ?? 0,
    }));
  return paginate(rt, account, calendar, candidates, query, { withSyncToken: false });
}

import type { CalDAVDeps, DavResource } from './context.js';
import { hrefs, resolvePath } from './context.js';
import { matchesComponentFilter, parseCalDAVTime, parseCalendarObject } from './icalendar.js';
import { propertiesOf, propResponse, statusResponse } from './properties.js';
import { requestedProps } from './propfind.js';
import { davError, multistatus, plain } from './responses.js';
import type { StoredAccount, StoredCalendar, StoredObject } from './state.js';
import { parseSyncToken, syncTokenOf } from './state.js';
import type { XmlElement } from './xml.js';
import { child, descendants, escapeXml, NS } from './xml.js';

type CalendarResource = Extract<DavResource, { kind: 'calendar' | 'object' }>;

interface ComponentFilter {
  name: string;
  range: { startMs: number; endMs: number } | null;
}

/** Reads `filter > comp-filter VCALENDAR > comp-filter X [> time-range]`; null when there is no inner filter. */
function componentFilter(body: XmlElement): ComponentFilter | null | 'invalid' {
  const vcalendar = child(child(body, NS.CALDAV, 'filter'), NS.CALDAV, 'comp-filter');
  const inner = child(vcalendar, NS.CALDAV, 'comp-filter');
  if (!inner) return null;
  const timeRange = child(inner, NS.CALDAV, 'time-range');
  if (!timeRange) return { name: inner.attributes.name ?? 'VEVENT', range: null };
  const startMs = parseCalDAVTime(timeRange.attributes.start) ?? Number.NEGATIVE_INFINITY;
  const endMs = parseCalDAVTime(timeRange.attributes.end) ?? Number.POSITIVE_INFINITY;
  if (timeRange.attributes.start === undefined && timeRange.attributes.end === undefined)
    return 'invalid';
  return { name: inner.attributes.name ?? 'VEVENT', range: { startMs, endMs } };
}

function objectsOf(resource: CalendarResource): StoredObject[] {
  return resource.kind === 'object' ? [resource.object] : [...resource.calendar.objects.values()];
}

function objectResponse(
  deps: CalDAVDeps,
  caller: StoredAccount,
  resource: CalendarResource,
  object: StoredObject,
  body: XmlElement,
): string {
  const target: DavResource = {
    kind: 'object',
    account: resource.account,
    calendar: resource.calendar,
    object,
  };
  return propResponse(
    hrefs.object(deps, resource.account, resource.calendar, object.name),
    propertiesOf(deps, target, hrefs.principal(deps, caller)),
    requestedProps(body),
  );
}

function calendarQuery(
  deps: CalDAVDeps,
  caller: StoredAccount,
  resource: CalendarResource,
  body: XmlElement,
): Response {
  const filter = componentFilter(body);
  if (filter === 'invalid') return davError(403, '<c:valid-filter/>');
  const matching = objectsOf(resource).filter((object) => {
    if (!filter) return true;
    try {
      return matchesComponentFilter(parseCalendarObject(object.data), filter.name, filter.range);
    } catch {
      return false;
    }
  });
  return multistatus(
    matching.map((object) => objectResponse(deps, caller, resource, object, body)),
  );
}

function calendarMultiget(
  deps: CalDAVDeps,
  caller: StoredAccount,
  resource: CalendarResource,
  body: XmlElement,
): Response {
  const responses = body.children
    .filter((c) => c.ns === NS.DAV && c.name === 'href')
    .map((hrefElement) => {
      const requested = hrefElement.text.trim();
      const path = new URL(requested, deps.ctx.providerBaseUrl()).pathname;
      const target = resolvePath(deps, path);
      if (target.kind !== 'object' || target.calendar !== resource.calendar)
        return statusResponse(requested, '404 Not Found');
      return objectResponse(deps, caller, resource, target.object, body);
    });
  return multistatus(responses);
}

interface Change {
  seq: number;
  name: string;
  object: StoredObject | null;
}

/** Changes since `sinceSeq`, oldest first; an initial sync lists members only. */
function changesSince(calendar: StoredCalendar, sinceSeq: number | null): Change[] {
  const changes: Change[] = [...calendar.objects.values()]
    .filter((object) => sinceSeq === null || object.modSeq > sinceSeq)
    .map((object) => ({ seq: object.modSeq, name: object.name, object }));
  if (sinceSeq !== null) {
    for (const [name, seq] of calendar.tombstones) {
      if (seq > sinceSeq && !calendar.objects.has(name)) changes.push({ seq, name, object: null });
    }
  }
  return changes.sort((a, b) => a.seq - b.seq);
}

function syncCollection(
  deps: CalDAVDeps,
  caller: StoredAccount,
  resource: CalendarResource,
  body: XmlElement,
): Response {
  if (resource.kind !== 'calendar') return davError(403, '<d:supported-report/>');
  const { calendar } = resource;
  const token = child(body, NS.DAV, 'sync-token')?.text.trim() ?? '';
  let sinceSeq: number | null = null;
  if (token !== '') {
    const parsed = parseSyncToken(calendar, token);
    if (parsed === undefined)
      return davError(deps.settings.invalidSyncTokenStatus, '<d:valid-sync-token/>');
    sinceSeq = parsed;
  }
  const level = child(body, NS.DAV, 'sync-level')?.text.trim();
  if (level !== undefined && level !== '1' && level !== 'infinite')
    return plain(400, 'invalid sync-level');
  const limitText = descendants(body, NS.DAV, 'nresults')[0]?.text.trim();
  const limit = limitText === undefined ? Number.POSITIVE_INFINITY : Number(limitText);
  const changes = changesSince(calendar, sinceSeq);
  const included = changes.slice(0, Math.max(0, limit));
  const truncated = included.length < changes.length;
  const responses = included.map((change) =>
    change.object
      ? objectResponse(deps, caller, resource, change.object, body)
      : statusResponse(
          hrefs.object(deps, resource.account, calendar, change.name),
          '404 Not Found',
        ),
  );
  // RFC 6578 §3.6: a truncated answer names the collection with 507 and hands out a token for the point reached.
  if (truncated)
    responses.push(
      statusResponse(hrefs.calendar(deps, resource.account, calendar), '507 Insufficient Storage'),
    );
  const lastSeq = included[included.length - 1]?.seq ?? sinceSeq ?? 0;
  const newToken = truncated ? syncTokenOf({ ...calendar, seq: lastSeq }) : syncTokenOf(calendar);
  return multistatus(responses, `<d:sync-token>${escapeXml(newToken)}</d:sync-token>`);
}

/** REPORT: calendar-query, calendar-multiget and sync-collection on a calendar (or one object). */
export function report(
  deps: CalDAVDeps,
  caller: StoredAccount,
  resource: DavResource,
  body: XmlElement | null,
): Response {
  if (resource.kind !== 'calendar' && resource.kind !== 'object') return plain(404, 'Not Found');
  if (!body) return plain(400, 'REPORT needs a body');
  if (body.ns === NS.CALDAV && body.name === 'calendar-query')
    return calendarQuery(deps, caller, resource, body);
  if (body.ns === NS.CALDAV && body.name === 'calendar-multiget')
    return calendarMultiget(deps, caller, resource, body);
  if (body.ns === NS.DAV && body.name === 'sync-collection')
    return syncCollection(deps, caller, resource, body);
  return davError(403, '<d:supported-report/>');
}

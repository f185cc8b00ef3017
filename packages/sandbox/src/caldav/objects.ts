import type { CalDAVDeps, DavResource } from './context.js';
import { hrefs } from './context.js';
import { InvalidCalendarDataError, parseCalendarObject } from './icalendar.js';
import { davError, plain } from './responses.js';
import type { StoredCalendar } from './state.js';
import { etagOf, newCalendar } from './state.js';
import type { XmlElement } from './xml.js';
import { descendants, escapeXml, NS } from './xml.js';

/** `If-Match` holds when absent, `*` with an existing resource, or one of the listed etags. */
function ifMatchHolds(header: string | undefined, etag: string | undefined): boolean {
  if (header === undefined) return true;
  if (etag === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

function bump(calendar: StoredCalendar): number {
  calendar.seq += 1;
  return calendar.seq;
}

/** GET of a calendar object resource. */
export function getObject(resource: DavResource): Response {
  if (resource.kind !== 'object') return plain(404, 'Not Found');
  return new Response(resource.object.data, {
    status: 200,
    headers: { 'content-type': 'text/calendar; charset=utf-8', etag: resource.object.etag },
  });
}

/** PUT of a calendar object resource with RFC 4791 preconditions and conditional headers. */
export function putObject(
  deps: CalDAVDeps,
  resource: DavResource,
  data: string,
  headers: { ifMatch: string | undefined; ifNoneMatch: string | undefined },
): Response {
  if (resource.kind !== 'object' && resource.kind !== 'new-object')
    return plain(409, 'Conflict: not inside a calendar');
  const existing = resource.kind === 'object' ? resource.object : undefined;
  if (headers.ifNoneMatch?.trim() === '*' && existing) return plain(412, 'Precondition Failed');
  if (!ifMatchHolds(headers.ifMatch, existing?.etag)) return plain(412, 'Precondition Failed');
  let uid: string;
  try {
    uid = parseCalendarObject(data).uid;
  } catch (error) {
    if (error instanceof InvalidCalendarDataError)
      return davError(403, `<c:${error.precondition}/>`);
    throw error;
  }
  const { calendar, account } = resource;
  const name = existing?.name ?? (resource.kind === 'new-object' ? resource.name : '');
  const clash = [...calendar.objects.values()].find(
    (object) => uid !== '' && object.uid === uid && object.name !== name,
  );
  if (clash) {
    const clashHref = escapeXml(hrefs.object(deps, account, calendar, clash.name));
    return davError(409, `<c:no-uid-conflict><d:href>${clashHref}</d:href></c:no-uid-conflict>`);
  }
  const etag = etagOf(data);
  calendar.objects.set(name, { name, data, uid, etag, modSeq: bump(calendar) });
  calendar.tombstones.delete(name);
  const status = existing ? deps.settings.updateStatus : 201;
  return new Response(null, { status, headers: { etag } });
}

/** DELETE of an object (with If-Match) or of a whole calendar. */
export function deleteResource(resource: DavResource, ifMatch: string | undefined): Response {
  if (resource.kind === 'calendar') {
    if (resource.calendar.id === 'default')
      return plain(403, 'The default calendar cannot be deleted');
    resource.account.calendars.delete(resource.calendar.id);
    return plain(204);
  }
  if (resource.kind !== 'object') return plain(404, 'Not Found');
  if (!ifMatchHolds(ifMatch, resource.object.etag)) return plain(412, 'Precondition Failed');
  const { calendar, object } = resource;
  calendar.objects.delete(object.name);
  calendar.tombstones.set(object.name, bump(calendar));
  return plain(204);
}

/** MKCALENDAR: creates a calendar, taking its displayname from the body when given. */
export function makeCalendar(resource: DavResource, body: XmlElement | null): Response {
  if (resource.kind === 'calendar') return plain(405, 'Method Not Allowed: the calendar exists');
  if (resource.kind !== 'new-calendar') return plain(409, 'Conflict');
  const displayName = body ? descendants(body, NS.DAV, 'displayname')[0]?.text.trim() : undefined;
  resource.account.calendars.set(resource.id, newCalendar(resource.id, displayName || resource.id));
  return plain(201);
}

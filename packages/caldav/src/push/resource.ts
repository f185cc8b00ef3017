import {
  NotFoundError,
  type OriginalStart,
  PreconditionFailedError,
  type RemoteEvent,
} from '@calsync/core';
import type { DAVRawResponse, DAVTransport } from '../dav/transport.js';
import { WRITE_OK_STATUSES } from '../facts.js';
import { type RawComponent, writeDocument } from '../ics/document.js';
import { type ReadEvent, type ResourceReading, readResource } from '../ics/read.js';

/** A calendar object resource as stored, read. */
export interface StoredResource {
  readonly href: string;
  /** The HTTP etag, for `If-Match` on the write back. */
  readonly httpEtag: string | null;
  readonly reading: ResourceReading;
}

/** Dependencies of the write operations. */
export interface PushDependencies {
  readonly transport: DAVTransport;
  readonly now: () => Date;
}

/** Attempts of a read-patch-write cycle before a concurrent writer wins (412 each time). */
export const MAX_WRITE_ATTEMPTS = 3;

/** GETs and reads a resource; `null` when it does not exist. */
export async function getResource(
  deps: PushDependencies,
  href: string,
  calendarId: string,
): Promise<StoredResource | null> {
  const response = await deps.transport.raw('GET', href, { headers: { accept: 'text/calendar' } });
  if (response.status === 404 || response.status === 410) return null;
  if (response.status !== 200) deps.transport.fail(response, `GET ${href}`);
  return {
    href,
    httpEtag: response.etag,
    reading: readResource({ href, calendarId, text: response.body, now: deps.now() }),
  };
}

/** PUTs calendar data with a precondition; returns the raw answer for the caller to judge. */
export function putResource(
  deps: PushDependencies,
  href: string,
  roots: readonly RawComponent[],
  condition: { readonly ifMatch: string | null } | { readonly ifNoneMatch: '*' },
): Promise<DAVRawResponse> {
  const headers: Record<string, string> = { 'content-type': 'text/calendar; charset=utf-8' };
  if ('ifNoneMatch' in condition) headers['if-none-match'] = '*';
  else if (condition.ifMatch) headers['if-match'] = condition.ifMatch;
  return deps.transport.raw('PUT', href, { headers, body: writeDocument(roots) });
}

/** True for any status a server uses for a successful write. */
export function writeSucceeded(response: DAVRawResponse): boolean {
  return WRITE_OK_STATUSES.has(response.status);
}

/** What a PUT sent and what the server answered: the bytes stored, if it kept them as sent. */
export interface WrittenResource {
  readonly response: DAVRawResponse;
  readonly roots: readonly RawComponent[];
}

/**
 * Reads a written resource back: servers rewrite what they store (and may omit the ETag), so
 * the version tags handed out are always those of the stored bytes. A server that answered the
 * PUT with an ETag stored the bytes as sent (RFC 4791); if the resource has another ETag by the
 * time it is read and our VEVENT in it differs from what we wrote, another client changed that
 * event between our PUT and this read. Its version is not ours to report as written: our own
 * version is returned instead, so the change reads as the other client's edit on the next pull
 * (and an update based on ours is refused with 412 until then), never as our base.
 */
export async function readBack(
  deps: PushDependencies,
  href: string,
  calendarId: string,
  externalId: string,
  written: WrittenResource,
): Promise<RemoteEvent> {
  const stored = await getResource(deps, href, calendarId);
  const event = stored ? findEvent(stored, externalId) : null;
  if (!stored || !event)
    throw new NotFoundError(`${externalId} is missing right after it was written`);
  const putEtag = written.response.etag;
  if (putEtag && stored.httpEtag && stored.httpEtag !== putEtag) {
    const ours = readResource({
      href,
      calendarId,
      text: writeDocument(written.roots),
      now: deps.now(),
    }).events.find((e) => e.remote.externalId === externalId);
    if (ours && ours.remote.etag !== event.remote.etag) return ours.remote;
  }
  return event.remote;
}

/** The VEVENT of an external id inside a stored resource. */
export function findEvent(stored: StoredResource, externalId: string): ReadEvent | null {
  return stored.reading.events.find((e) => e.remote.externalId === externalId) ?? null;
}

/** Throws `PreconditionFailedError` when the caller's version tag is stale. */
export function checkEtag(event: ReadEvent, etag: string | null): void {
  if (etag !== null && event.remote.etag !== etag) {
    throw new PreconditionFailedError(`${event.remote.externalId} changed since ${etag}`, {
      status: 412,
    });
  }
}

/** Swaps one VEVENT node of the document for another. */
export function replaceComponent(
  stored: StoredResource,
  old: RawComponent,
  replacement: RawComponent | null,
): void {
  for (const root of stored.reading.document.roots) {
    const index = root.items.indexOf(old);
    if (index < 0) continue;
    if (replacement) root.items[index] = replacement;
    else root.items.splice(index, 1);
    return;
  }
}

/** The calendar (VCALENDAR) node holding a VEVENT. */
export function calendarOf(stored: StoredResource, component: RawComponent): RawComponent | null {
  return stored.reading.document.roots.find((root) => root.items.includes(component)) ?? null;
}

/**
 * The original start of an override key (`i:…`, `d:…`, `f:…`, see core's `originalStartKey`).
 *
 * @example
 * originalStartFromKey('d:2026-03-10') // { kind: 'date', date: '2026-03-10' }
 */
export function originalStartFromKey(key: string): OriginalStart | null {
  const value = key.slice(2);
  if (key.startsWith('i:')) return { kind: 'instant', atUTC: value };
  if (key.startsWith('d:')) return { kind: 'date', date: value };
  if (key.startsWith('f:')) return { kind: 'floating', atLocal: value };
  return null;
}

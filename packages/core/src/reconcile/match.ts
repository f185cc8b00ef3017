import type { EventLink } from '../model/link.js';
import { originalStartKey } from '../model/time.js';
import type { RemoteChange } from '../provider/remote.js';

/** Lookup tables for finding the link of a remote item. */
export interface LinkIndex {
  readonly byExternalId: ReadonlyMap<string, EventLink>;
  /** Keyed by {@link iCalUIDKey}. */
  readonly byICalUID: ReadonlyMap<string, EventLink>;
}

/** Key of a link by iCalUID and, for instances, original start. */
export function iCalUIDKey(iCalUID: string, originalStart: EventLink['originalStart']): string {
  return originalStart ? `${iCalUID}#${originalStartKey(originalStart)}` : iCalUID;
}

/**
 * Builds the index for one calendar's links.
 *
 * @example
 * const index = indexLinks(await store.links(calendarId));
 */
export function indexLinks(links: Iterable<EventLink>): LinkIndex {
  const byExternalId = new Map<string, EventLink>();
  const byICalUID = new Map<string, EventLink>();
  for (const link of links) {
    byExternalId.set(link.externalEventId, link);
    if (link.iCalUID) byICalUID.set(iCalUIDKey(link.iCalUID, link.originalStart), link);
  }
  return { byExternalId, byICalUID };
}

/**
 * Finds the link of a remote item: by external id first, then (for full resyncs, and for
 * providers whose ids change when an event moves) by iCalUID and original start. This is what
 * keeps a resync after an expired cursor from duplicating anything.
 *
 * @example
 * const link = findLink(index, change);
 */
export function findLink(index: LinkIndex, change: RemoteChange): EventLink | null {
  const externalId = change.kind === 'upsert' ? change.event.externalId : change.externalId;
  const direct = index.byExternalId.get(externalId);
  if (direct) return direct;
  if (change.kind !== 'upsert' || !change.event.iCalUID) return null;
  const found = index.byICalUID.get(iCalUIDKey(change.event.iCalUID, change.event.originalStart));
  return found ? { ...found, externalEventId: externalId } : null;
}

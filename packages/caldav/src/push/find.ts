import type { RemoteEvent } from '@calsync/core';
import { uidQueryBody } from '../dav/xml.js';
import { type PushDependencies, getResource } from './resource.js';

/**
 * The stored master event with this UID, wherever it lives: the `no-uid-conflict` answer's href
 * when the server gives one, else a calendar-query on UID.
 */
export async function findByUID(
  deps: PushDependencies,
  calendarId: string,
  uid: string,
  errorBody: string,
): Promise<RemoteEvent | null> {
  const hinted = /no-uid-conflict[\s\S]*?<(?:[\w.-]+:)?href>([^<]+)</.exec(errorBody)?.[1]?.trim();
  const candidates = hinted ? [new URL(hinted, calendarId).toString()] : [];
  if (candidates.length === 0) {
    const answer = await deps.transport.multistatus('REPORT', calendarId, uidQueryBody(uid), {
      depth: '1',
    });
    candidates.push(...answer.entries.map((e) => e.url));
  }
  for (const href of candidates) {
    const stored = await getResource(deps, href, calendarId);
    const event = stored?.reading.events.find(
      (e) => e.remote.iCalUID === uid && e.remote.originalStart === null,
    );
    if (event) return event.remote;
  }
  return null;
}

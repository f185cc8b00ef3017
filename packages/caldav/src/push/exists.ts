import type { EventExistsRequest } from '@calsync/core';
import { parseExternalId } from '../ids.js';
import { type PushDependencies, findEvent, getResource } from './resource.js';

/**
 * A GET of the event's resource: the event exists while the resource holds it (an override
 * VEVENT for an instance id) and it is not `STATUS:CANCELLED`.
 *
 * @example
 * await eventExists(deps, { calendarId, externalId: 'https://dav.example/cal/a.ics' }) // true
 */
export async function eventExists(
  deps: PushDependencies,
  request: EventExistsRequest,
): Promise<boolean> {
  const { href } = parseExternalId(request.externalId);
  const stored = await getResource(deps, href, request.calendarId);
  if (!stored) return false;
  const event = findEvent(stored, request.externalId);
  return event !== null && event.remote.content.status !== 'cancelled';
}

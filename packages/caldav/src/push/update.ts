import {
  NotFoundError,
  PreconditionFailedError,
  type UpdateEventRequest,
  type WriteResult,
  normalizeContent,
} from '@calsync/core';
import { parseExternalId } from '../ids.js';
import { ensureTimeZones, patchEvent } from '../ics/patch.js';
import {
  MAX_WRITE_ATTEMPTS,
  type PushDependencies,
  calendarOf,
  checkEtag,
  findEvent,
  getResource,
  putResource,
  readBack,
  replaceComponent,
  writeSucceeded,
} from './resource.js';

/**
 * Updates a master or an override: fetches the stored object, checks the caller's version tag
 * against that VEVENT, patches only the modelled properties that changed, and PUTs it back with
 * `If-Match` on the resource etag. A 412 from a concurrent writer of another VEVENT in the same
 * resource is retried; a changed target VEVENT is `PreconditionFailedError`.
 *
 * @example
 * const { event } = await updateEvent(deps, { calendarId, externalId, etag, content });
 */
export async function updateEvent(
  deps: PushDependencies,
  request: UpdateEventRequest,
): Promise<WriteResult> {
  const { href } = parseExternalId(request.externalId);
  const after = normalizeContent(request.content);
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const stored = await getResource(deps, href, request.calendarId);
    const target = stored ? findEvent(stored, request.externalId) : null;
    if (!stored || !target)
      throw new NotFoundError(`${request.externalId} does not exist`, { status: 404 });
    checkEtag(target, request.etag);
    const patched = patchEvent({
      component: target.component,
      before: target.remote.content,
      after,
      now: deps.now(),
    });
    const calendar = calendarOf(stored, target.component);
    replaceComponent(stored, target.component, patched);
    if (calendar)
      ensureTimeZones(calendar, [{ time: after.time, recurring: after.recurrence !== null }]);
    const response = await putResource(deps, href, stored.reading.document.roots, {
      ifMatch: stored.httpEtag,
    });
    if (response.status === 412) continue;
    if (response.status === 404)
      throw new NotFoundError(`${request.externalId} was deleted meanwhile`, { status: 404 });
    if (!writeSucceeded(response)) deps.transport.fail(response, `PUT ${href}`);
    return {
      event: await readBack(deps, href, request.calendarId, request.externalId, {
        response,
        roots: stored.reading.document.roots,
      }),
      reused: false,
    };
  }
  throw new PreconditionFailedError(`${href} kept changing while it was being updated`, {
    status: 412,
  });
}

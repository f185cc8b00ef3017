import { type DeleteEventRequest, PreconditionFailedError } from '@calsync/core';
import { formatExternalId, parseExternalId } from '../ids.js';
import { instanceLine } from '../ics/lines.js';
import { patchEvent } from '../ics/patch.js';
import {
  MAX_WRITE_ATTEMPTS,
  type PushDependencies,
  checkEtag,
  findEvent,
  getResource,
  originalStartFromKey,
  putResource,
  replaceComponent,
  writeSucceeded,
} from './resource.js';

/**
 * Deletes an event; an event already gone is success. A master takes its overrides with it
 * (DELETE of the resource, or a PUT without its VEVENTs when a foreign resource holds other
 * UIDs too). An override is cancelled: its VEVENT goes and the master gets an EXDATE.
 *
 * @example
 * await deleteEvent(deps, { calendarId, externalId, etag });
 */
export async function deleteEvent(
  deps: PushDependencies,
  request: DeleteEventRequest,
): Promise<void> {
  const parts = parseExternalId(request.externalId);
  if (parts.instanceKey === null && parts.uid === null && request.etag === null) {
    const response = await deps.transport.raw('DELETE', parts.href);
    if (writeSucceeded(response) || response.status === 404 || response.status === 410) return;
    deps.transport.fail(response, `DELETE ${parts.href}`);
  }
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const stored = await getResource(deps, parts.href, request.calendarId);
    if (!stored) return;
    const target = findEvent(stored, request.externalId);
    if (target) checkEtag(target, request.etag);
    const master = findEvent(stored, formatExternalId({ ...parts, instanceKey: null }));
    if (parts.instanceKey !== null) {
      const originalStart = originalStartFromKey(parts.instanceKey);
      if (target) replaceComponent(stored, target.component, null);
      if (master && originalStart && master.remote.content.recurrence) {
        const exdate = instanceLine('EXDATE', originalStart, master.remote.content.time);
        const lines = master.remote.content.recurrence.lines;
        const recurrence = { lines: lines.includes(exdate) ? lines : [...lines, exdate] };
        const after = { ...master.remote.content, recurrence };
        replaceComponent(
          stored,
          master.component,
          patchEvent({
            component: master.component,
            before: master.remote.content,
            after,
            now: deps.now(),
          }),
        );
      } else if (!target) {
        return;
      }
    } else {
      if (!target) return;
      const uid = target.remote.iCalUID;
      for (const event of stored.reading.events)
        if (event.remote.iCalUID === uid) replaceComponent(stored, event.component, null);
    }
    const remaining = stored.reading.document.roots.some((root) =>
      root.items.some((i) => i.kind === 'component' && i.name === 'VEVENT'),
    );
    const response = remaining
      ? await putResource(deps, parts.href, stored.reading.document.roots, {
          ifMatch: stored.httpEtag,
        })
      : await deps.transport.raw(
          'DELETE',
          parts.href,
          stored.httpEtag ? { headers: { 'if-match': stored.httpEtag } } : {},
        );
    if (response.status === 412) continue;
    if (writeSucceeded(response) || response.status === 404 || response.status === 410) return;
    deps.transport.fail(response, `${remaining ? 'PUT' : 'DELETE'} ${parts.href}`);
  }
  throw new PreconditionFailedError(
    `${parts.href} kept changing while deleting ${request.externalId}`,
    { status: 412 },
  );
}

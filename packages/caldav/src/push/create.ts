import {
  type CreateEventRequest,
  NonRetryableProviderError,
  NotFoundError,
  PreconditionFailedError,
  type WriteResult,
  normalizeContent,
} from '@calsync/core';
import { findByUID } from './find.js';
import { instanceExternalId, parseExternalId, resourceNameFor } from '../ids.js';
import { APPOINTMENT_ID_PROPERTY } from '../ics/read.js';
import { instanceLine } from '../ics/lines.js';
import { ensureTimeZones, newCalendar, patchEvent, skeletonEvent } from '../ics/patch.js';
import { UID_CONFLICT_STATUSES } from '../facts.js';
import {
  MAX_WRITE_ATTEMPTS,
  type PushDependencies,
  calendarOf,
  findEvent,
  getResource,
  putResource,
  readBack,
  writeSucceeded,
} from './resource.js';

/**
 * Creates an event idempotently: the resource name comes from the idempotency key and the PUT
 * carries `If-None-Match: *`, so a retry after a lost response gets 412 and returns the event
 * the first attempt made (`reused: true`). A UID already stored under another name
 * (`no-uid-conflict`: Radicale 409, Xandikos 207/412) is found and reused the same way.
 * With `series`, an override VEVENT is added to the series' resource.
 *
 * @example
 * const { event, reused } = await createEvent(deps, { calendarId, idempotencyKey, appointmentId, iCalUID, content, series: null });
 */
export async function createEvent(
  deps: PushDependencies,
  request: CreateEventRequest,
): Promise<WriteResult> {
  if (request.series) return createOverride(deps, request, request.series);
  const href = new URL(resourceNameFor(request.idempotencyKey), request.calendarId).toString();
  const uid = request.iCalUID || `${request.idempotencyKey}@calsync`;
  const content = normalizeContent(request.content);
  const event = patchEvent({
    component: skeletonEvent([`UID:${uid}`, `${APPOINTMENT_ID_PROPERTY}:${request.appointmentId}`]),
    before: null,
    after: content,
    now: deps.now(),
  });
  const calendar = newCalendar(
    [event],
    [{ time: content.time, recurring: content.recurrence !== null }],
  );
  const response = await putResource(deps, href, [calendar], { ifNoneMatch: '*' });
  if (writeSucceeded(response))
    return {
      event: await readBack(deps, href, request.calendarId, href, { response, roots: [calendar] }),
      reused: false,
    };
  if (response.status === 412) {
    // Lost response of an earlier attempt: the resource exists under our name.
    const existing = await getResource(deps, href, request.calendarId);
    const found = existing?.reading.events.find(
      (e) => e.remote.iCalUID === uid && e.remote.originalStart === null,
    );
    if (found) return { event: found.remote, reused: true };
    if (existing)
      throw new NonRetryableProviderError(`${href} exists and holds another event`, {
        status: 412,
      });
  }
  if (response.status === 412 || UID_CONFLICT_STATUSES.has(response.status)) {
    const other = await findByUID(deps, request.calendarId, uid, response.body);
    if (other) return { event: other, reused: true };
  }
  return deps.transport.fail(response, `PUT ${href}`);
}

async function createOverride(
  deps: PushDependencies,
  request: CreateEventRequest,
  series: NonNullable<CreateEventRequest['series']>,
): Promise<WriteResult> {
  const externalId = instanceExternalId(series.externalId, series.originalStart);
  const content = normalizeContent({ ...request.content, recurrence: null });
  for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
    const { href } = parseExternalId(series.externalId);
    const stored = await getResource(deps, href, request.calendarId);
    const master = stored ? findEvent(stored, series.externalId) : null;
    if (!stored || !master)
      throw new NotFoundError(`series ${series.externalId} does not exist`, { status: 404 });
    const existing = findEvent(stored, externalId);
    if (existing) return { event: existing.remote, reused: true };
    const override = patchEvent({
      component: skeletonEvent([
        `UID:${master.remote.iCalUID ?? request.iCalUID}`,
        instanceLine('RECURRENCE-ID', series.originalStart, master.remote.content.time),
        `${APPOINTMENT_ID_PROPERTY}:${request.appointmentId}`,
      ]),
      before: null,
      after: content,
      now: deps.now(),
    });
    const calendar = calendarOf(stored, master.component);
    if (!calendar) throw new NotFoundError(`series ${series.externalId} has no VCALENDAR`);
    calendar.items.splice(calendar.items.indexOf(master.component) + 1, 0, override);
    ensureTimeZones(calendar, [{ time: content.time, recurring: false }]);
    const response = await putResource(deps, href, stored.reading.document.roots, {
      ifMatch: stored.httpEtag,
    });
    if (response.status === 412) continue;
    if (!writeSucceeded(response)) deps.transport.fail(response, `PUT ${href}`);
    return {
      event: await readBack(deps, href, request.calendarId, externalId, {
        response,
        roots: stored.reading.document.roots,
      }),
      reused: false,
    };
  }
  throw new PreconditionFailedError(
    `series ${series.externalId} kept changing while adding an override`,
    { status: 412 },
  );
}

import type { DeleteEventRequest, UpdateEventRequest, WriteResult } from '@calsync/core';
import { NotFoundError, recurrenceFromGraph, valuesEqual } from '@calsync/core';
import { APPOINTMENT_ID_PROPERTY } from '../facts.js';
import { EXPAND_OUR_PROPERTIES, eventPath } from '../graph/paths.js';
import { extendedProperty } from '../mapping/from-graph.js';
import type { GraphEvent } from '../mapping/graph-types.js';
import { masterOfCancelledSlot } from '../mapping/slot-id.js';
import { seriesPlanFor, writeBodyFor } from './body.js';
import type { PushContext } from './create.js';
import { cancelledSlotEvent, mappedWrite } from './create.js';
import { cancelOccurrences } from './occurrences.js';

/**
 * Updates an event with `If-Match: <etag>` (stale → 412 → `PreconditionFailedError`). The
 * current event is read first because Graph drops every exception of a series whose pattern is
 * written, so the pattern is only sent when it really changed, and because our appointment
 * stamp must be carried over. An instance with status `cancelled` is deleted (cancelled).
 */
export async function updateEvent(
  ctx: PushContext,
  request: UpdateEventRequest,
): Promise<WriteResult> {
  if (masterOfCancelledSlot(request.externalId)) {
    throw new NotFoundError(`cancelled slot ${request.externalId} cannot be edited`, {
      status: 404,
    });
  }
  const path = eventPath(request.calendarId, request.externalId);
  const current = await ctx.graph.get<GraphEvent>(`${path}?${EXPAND_OUR_PROPERTIES}`, {
    action: 'read event before update',
  });
  const appointmentId = extendedProperty(current, APPOINTMENT_ID_PROPERTY);
  const ifMatch = request.etag ? { 'If-Match': request.etag } : undefined;
  const isInstance = current.type === 'occurrence' || current.type === 'exception';

  if (isInstance && request.content.status === 'cancelled') {
    await ctx.graph.delete(path, {
      action: 'cancel occurrence',
      ...(ifMatch ? { headers: ifMatch } : {}),
    });
    const originalStart = mappedWrite(current, request.calendarId, appointmentId).originalStart;
    const event = cancelledSlotEvent(
      ctx,
      request.calendarId,
      current.seriesMasterId ?? '',
      originalStart!,
      {
        content: request.content,
        ...(appointmentId ? { appointmentId } : {}),
        ...(current.iCalUId ? { iCalUID: current.iCalUId } : {}),
      },
    );
    return { event, reused: false };
  }

  const content = isInstance ? { ...request.content, recurrence: null } : request.content;
  const series = isInstance ? null : seriesPlanFor(content);
  const patternChanged = !isInstance && !samePattern(current, series, content);
  const body = writeBodyFor(content, {
    privacy: ctx.privacy,
    appointmentId,
    series,
    includeRecurrence: patternChanged,
  });
  let updated = await ctx.graph.patch<GraphEvent>(path, body, {
    action: 'update event',
    ...(ifMatch ? { headers: ifMatch } : {}),
  });
  if (patternChanged && series && series.cancelledOccurrences.length > 0) {
    await cancelOccurrences(
      ctx.graph,
      request.calendarId,
      request.externalId,
      series.cancelledOccurrences,
    );
    updated = await ctx.graph.get<GraphEvent>(`${path}?${EXPAND_OUR_PROPERTIES}`, {
      action: 'read updated series',
    });
  }
  return { event: mappedWrite(updated, request.calendarId, appointmentId), reused: false };
}

/** Compares patterns through their RRULE reading, so equal meaning in different spelling is equal. */
function samePattern(
  current: GraphEvent,
  series: ReturnType<typeof seriesPlanFor>,
  content: UpdateEventRequest['content'],
): boolean {
  if (!current.recurrence || !series) return !current.recurrence && !series;
  return valuesEqual(
    recurrenceFromGraph(current.recurrence, content.time).lines,
    recurrenceFromGraph(series.recurrence, content.time).lines,
  );
}

/**
 * Deletes an event (an occurrence id cancels that occurrence); already gone counts as done.
 * A stale etag is a 412 like on update.
 */
export async function deleteEvent(ctx: PushContext, request: DeleteEventRequest): Promise<void> {
  if (masterOfCancelledSlot(request.externalId)) return;
  try {
    await ctx.graph.delete(eventPath(request.calendarId, request.externalId), {
      action: 'delete event',
      ...(request.etag ? { headers: { 'If-Match': request.etag } } : {}),
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}

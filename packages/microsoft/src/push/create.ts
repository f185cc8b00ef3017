import type {
  CreateEventRequest,
  EventContent,
  OriginalStart,
  PrivacyLevel,
  RemoteEvent,
  WriteResult,
} from '@calsync/core';
import { NonRetryableProviderError } from '@calsync/core';
import type { GraphApi } from '../graph/client.js';
import { EXPAND_OUR_PROPERTIES, calendarPath, eventPath } from '../graph/paths.js';
import { graphEventToRemote } from '../mapping/from-graph.js';
import type { GraphEvent } from '../mapping/graph-types.js';
import { cancelledSlotId } from '../mapping/slot-id.js';
import { seriesPlanFor, transactionIdFor, writeBodyFor } from './body.js';
import { cancelOccurrences, findOccurrence } from './occurrences.js';

/** What create and update need besides the request. */
export interface PushContext {
  readonly graph: GraphApi;
  readonly now: () => Date;
  readonly privacy: PrivacyLevel;
}

/** Maps a write response; a write Graph answered with something unreadable is a bug to report. */
export function mappedWrite(
  event: GraphEvent,
  calendarId: string,
  appointmentId: string | null,
): RemoteEvent {
  const mapped = graphEventToRemote(event, calendarId);
  if (mapped.kind === 'issue') {
    throw new NonRetryableProviderError(`Graph answered a write with ${mapped.issue.reason}`);
  }
  return {
    ...mapped.event,
    calsyncAppointmentId: mapped.event.calsyncAppointmentId ?? appointmentId,
  };
}

/**
 * Creates an event idempotently: the `transactionId` comes from the idempotency key, so a retry
 * after a lost response gets back the event the first attempt made (Graph de-duplicates).
 * `reused` is true when Graph's `createdDateTime` predates this attempt.
 * EXDATE slots of a new series are deleted right after; an override of one instance of an
 * existing series (`request.series`) PATCHes that occurrence into an exception.
 */
export async function createEvent(
  ctx: PushContext,
  request: CreateEventRequest,
): Promise<WriteResult> {
  if (request.series) return createOverride(ctx, request);
  const series = seriesPlanFor(request.content);
  const body = {
    ...writeBodyFor(request.content, {
      privacy: ctx.privacy,
      appointmentId: request.appointmentId,
      series,
      includeRecurrence: series !== null,
    }),
    transactionId: transactionIdFor(request.idempotencyKey),
  };
  const attemptStartedMs = ctx.now().getTime();
  let created = await ctx.graph.post<GraphEvent>(
    `${calendarPath(request.calendarId)}/events`,
    body,
    {
      action: 'create event',
    },
  );
  const createdMs = Date.parse(created.createdDateTime ?? '');
  const reused = Number.isFinite(createdMs) && createdMs < attemptStartedMs;
  if (series && series.cancelledOccurrences.length > 0 && created.id) {
    await cancelOccurrences(ctx.graph, request.calendarId, created.id, series.cancelledOccurrences);
    created = await ctx.graph.get<GraphEvent>(
      `${eventPath(request.calendarId, created.id)}?${EXPAND_OUR_PROPERTIES}`,
      { action: 'read created series' },
    );
  }
  return { event: mappedWrite(created, request.calendarId, request.appointmentId), reused };
}

async function createOverride(ctx: PushContext, request: CreateEventRequest): Promise<WriteResult> {
  const { externalId, originalStart } = request.series!;
  if (request.content.status === 'cancelled') {
    // Deleting the occurrence cancels it; one already gone (cancelled in Outlook, or by an
    // earlier try whose answer was lost) is the state wanted.
    await cancelOccurrences(ctx.graph, request.calendarId, externalId, [originalStart]);
    return {
      event: cancelledSlotEvent(ctx, request.calendarId, externalId, originalStart, request),
      reused: false,
    };
  }
  const occurrence = await findOccurrence(ctx.graph, request.calendarId, externalId, originalStart);
  if (occurrence.type === 'exception' && occurrence.id) {
    // Changed already: by an earlier try of ours (stamped with the appointment), or by someone
    // else, whose change is returned as it is for the caller to reconcile, not written over.
    const current = await ctx.graph.get<GraphEvent>(
      `${eventPath(request.calendarId, occurrence.id)}?${EXPAND_OUR_PROPERTIES}`,
      { action: 'read changed occurrence' },
    );
    const mapped = mappedWrite(current, request.calendarId, null);
    if (mapped.calsyncAppointmentId !== request.appointmentId)
      return { event: mapped, reused: true };
  }
  const body = writeBodyFor(
    { ...request.content, recurrence: null },
    {
      privacy: ctx.privacy,
      appointmentId: request.appointmentId,
      series: null,
      includeRecurrence: false,
    },
  );
  const updated = await ctx.graph.patch<GraphEvent>(
    eventPath(request.calendarId, occurrence.id ?? ''),
    body,
    { action: 'create exception' },
  );
  return {
    event: mappedWrite(updated, request.calendarId, request.appointmentId),
    reused: occurrence.type === 'exception',
  };
}

/**
 * A cancelled slot has no Graph item left; it is named as the pull names it
 * (`{masterId}#{original start key}`) so both directions agree on its id.
 */
export function cancelledSlotEvent(
  ctx: PushContext,
  calendarId: string,
  masterId: string,
  originalStart: OriginalStart,
  request: {
    readonly content: EventContent;
    readonly appointmentId?: string;
    readonly iCalUID?: string;
  },
): RemoteEvent {
  return {
    externalId: cancelledSlotId(masterId, originalStart),
    calendarId,
    etag: '',
    iCalUID: request.iCalUID ?? null,
    seriesExternalId: masterId,
    originalStart,
    updatedAt: ctx.now().toISOString(),
    calsyncAppointmentId: request.appointmentId ?? null,
    content: { ...request.content, recurrence: null, status: 'cancelled' },
    extraProperties: [],
  };
}

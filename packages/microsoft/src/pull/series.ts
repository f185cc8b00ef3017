import type { InstantRange, PullIssue, RemoteChange, RemoteEvent } from '@calsync/core';
import { NotFoundError, expandSeries, originalStartKey } from '@calsync/core';
import type { GraphApi } from '../graph/client.js';
import { EXPAND_OUR_PROPERTIES, eventPath, windowQuery } from '../graph/paths.js';
import { graphEventToRemote } from '../mapping/from-graph.js';
import type { GraphEvent, GraphPage } from '../mapping/graph-types.js';
import { LIST_PAGE_SIZE } from '../facts.js';
import { cancelledSlotId } from '../mapping/slot-id.js';

/** What resolving one series produced. */
export interface ResolvedSeries {
  readonly changes: RemoteChange[];
  readonly issues: PullIssue[];
  /** Ids of the series' occurrences and exceptions in the window; `null` when the series is gone. */
  readonly occurrenceIds: string[] | null;
}

/**
 * calendarView delta lists occurrences, not series. Core wants a series as one master with
 * RRULE lines plus overrides (moved exceptions, cancelled slots), so for every series met in a
 * page the adapter reads the master and its instances in the window:
 * - master gone (404) → the whole series is removed;
 * - slots the rule produces but Graph no longer lists → cancelled overrides, sent as upserts with
 *   status `cancelled` (idempotent on replay, matched by iCalUID + original start on resync).
 * Plain occurrences never become appointments of their own.
 */
export async function resolveSeries(
  graph: GraphApi,
  calendarId: string,
  masterId: string,
  window: InstantRange,
): Promise<ResolvedSeries> {
  let master: GraphEvent;
  try {
    master = await graph.get<GraphEvent>(
      `${eventPath(calendarId, masterId)}?${EXPAND_OUR_PROPERTIES}`,
      {
        action: 'read series master',
      },
    );
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const removed: RemoteChange = {
      kind: 'removed',
      externalId: masterId,
      calendarId,
      seriesExternalId: null,
      originalStart: null,
      reason: 'deleted',
      removedAt: null,
    };
    return { changes: [removed], issues: [], occurrenceIds: null };
  }
  const mapped = graphEventToRemote(master, calendarId);
  if (mapped.kind === 'issue') return { changes: [], issues: [mapped.issue], occurrenceIds: [] };
  const instances = await listInstances(graph, calendarId, masterId, window);
  const changes: RemoteChange[] = [{ kind: 'upsert', event: mapped.event }];
  changes.push(...cancelledSlots(mapped.event, instances, window));
  return { changes, issues: [], occurrenceIds: instances.flatMap((i) => (i.id ? [i.id] : [])) };
}

async function listInstances(
  graph: GraphApi,
  calendarId: string,
  masterId: string,
  window: InstantRange,
): Promise<GraphEvent[]> {
  const instances: GraphEvent[] = [];
  let link: string | undefined =
    `${eventPath(calendarId, masterId)}/instances?${windowQuery(window.startsAtUTC, window.endsAtUTC)}` +
    `&$select=id,type,originalStart&$top=${LIST_PAGE_SIZE}`;
  while (link) {
    const page: GraphPage<GraphEvent> = await graph.get<GraphPage<GraphEvent>>(link, {
      action: 'list series instances',
    });
    instances.push(...(page.value ?? []));
    link = page['@odata.nextLink'];
  }
  return instances;
}

/**
 * Slots of the master's rule inside the window that Graph no longer lists: cancelled.
 * (An exception moved outside the window also reads as cancelled here — within the window,
 * that slot is indeed empty.)
 */
export function cancelledSlots(
  master: RemoteEvent,
  instances: readonly GraphEvent[],
  window: InstantRange,
): RemoteChange[] {
  const recurrence = master.content.recurrence;
  if (!recurrence) return [];
  const allDay = master.content.time.kind === 'all_day';
  const present = new Set(
    instances.flatMap((instance) => {
      const start = instance.originalStart;
      if (!start) return [];
      const ms = Date.parse(/Z$|[+-]\d{2}:\d{2}$/.test(start) ? start : `${start}Z`);
      if (Number.isNaN(ms)) return [];
      const iso = new Date(ms).toISOString();
      return [allDay ? `d:${iso.slice(0, 10)}` : `i:${iso}`];
    }),
  );
  const expected = expandSeries({ time: master.content.time, recurrence, window }).occurrences;
  return expected
    .filter((slot) => !present.has(originalStartKey(slot.originalStart)))
    .map((slot) => ({
      kind: 'upsert' as const,
      event: {
        ...master,
        externalId: cancelledSlotId(master.externalId, slot.originalStart),
        seriesExternalId: master.externalId,
        originalStart: slot.originalStart,
        calsyncAppointmentId: null,
        content: {
          ...master.content,
          time: slot.time,
          recurrence: null,
          status: 'cancelled' as const,
        },
        extraProperties: [],
      },
    }));
}

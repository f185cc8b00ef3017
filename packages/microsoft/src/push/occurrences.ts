import type { OriginalStart } from '@calsync/core';
import { NotFoundError, originalStartKey } from '@calsync/core';
import { LIST_PAGE_SIZE } from '../facts.js';
import type { GraphApi } from '../graph/client.js';
import { eventPath, windowQuery } from '../graph/paths.js';
import type { GraphEvent, GraphPage } from '../mapping/graph-types.js';
import { originalStartFromGraph } from '../mapping/time.js';

const DAY_MS = 86_400_000;

/** Start of the slot as an instant (ms): dates count from UTC midnight. */
function slotMs(originalStart: OriginalStart): number {
  switch (originalStart.kind) {
    case 'instant':
      return Date.parse(originalStart.atUTC);
    case 'date':
      return Date.parse(`${originalStart.date}T00:00:00Z`);
    case 'floating':
      return Date.parse(`${originalStart.atLocal}Z`);
  }
}

/**
 * Finds the occurrence (or exception) of a series for one original start. Graph has no lookup
 * by original start: list the instances of the two days around it and match.
 */
export async function findOccurrence(
  graph: GraphApi,
  calendarId: string,
  masterId: string,
  originalStart: OriginalStart,
): Promise<GraphEvent> {
  const atMs = slotMs(originalStart);
  const from = new Date(atMs - DAY_MS).toISOString();
  const to = new Date(atMs + 2 * DAY_MS).toISOString();
  let link: string | undefined =
    `${eventPath(calendarId, masterId)}/instances?${windowQuery(from, to)}` +
    `&$select=id,type,originalStart,isAllDay&$top=${LIST_PAGE_SIZE}`;
  const wanted = originalStartKey(originalStart);
  while (link) {
    const page: GraphPage<GraphEvent> = await graph.get<GraphPage<GraphEvent>>(link, {
      action: 'find occurrence',
    });
    for (const instance of page.value ?? []) {
      const start = originalStartFromGraph(instance.originalStart, originalStart.kind === 'date');
      if (start && originalStartKey(start) === wanted) return instance;
    }
    link = page['@odata.nextLink'];
  }
  throw new NotFoundError(`no occurrence of ${masterId} at ${wanted}`, { status: 404 });
}

/** Deletes the occurrences of EXDATE slots (Graph has no exception-date list). */
export async function cancelOccurrences(
  graph: GraphApi,
  calendarId: string,
  masterId: string,
  slots: readonly OriginalStart[],
): Promise<void> {
  for (const slot of slots) {
    try {
      const occurrence = await findOccurrence(graph, calendarId, masterId, slot);
      await graph.delete(eventPath(calendarId, occurrence.id ?? ''), {
        action: 'cancel occurrence',
      });
    } catch (error) {
      // Already cancelled (a retried write) is the state we want.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
}

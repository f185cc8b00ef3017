import type { PullIssue, PullPage, PullRequest, RemoteChange } from '@calsync/core';
import { NonRetryableProviderError, NotFoundError } from '@calsync/core';
import { DEFAULT_DELTA_PAGE_SIZE, MAX_DELTA_PAGE_SIZE } from '../facts.js';
import type { GraphApi } from '../graph/client.js';
import { calendarPath, eventPath, windowQuery } from '../graph/paths.js';
import { excerptOf, graphEventToRemote } from '../mapping/from-graph.js';
import type { GraphEvent, GraphPage } from '../mapping/graph-types.js';
import { resolveSeries } from './series.js';
import type { PullState } from './state.js';
import { SeriesIndex, decodePullState, encodePullState } from './state.js';

/**
 * One page of a calendarView delta round (PROTOCOLS.md §2.3). The round starts from the window
 * (no cursor), from the stored deltaLink (cursor) or from a checkpoint (the nextLink of an
 * interrupted round). 410 / SyncStateNotFound surface as `CursorExpiredError` from the client.
 *
 * @example
 * const page = await pullDeltaPage(graph, { calendarId, cursor: null, checkpoint: null, window });
 */
export async function pullDeltaPage(graph: GraphApi, request: PullRequest): Promise<PullPage> {
  const start = startingState(request);
  const mode = request.checkpoint?.mode ?? (request.cursor === null ? 'full' : 'incremental');
  const pageSize = Math.min(
    Math.max(1, request.pageSize ?? DEFAULT_DELTA_PAGE_SIZE),
    MAX_DELTA_PAGE_SIZE,
  );
  const page = await graph.get<GraphPage<GraphEvent>>(start.link, {
    headers: { Prefer: `odata.maxpagesize=${pageSize}` },
    action: 'calendarView delta',
  });

  const index = new SeriesIndex(start.series);
  const resolved = new Set(start.resolved);
  const toResolve = new Set<string>();
  const singles: RemoteChange[] = [];
  const exceptions: RemoteChange[] = [];
  const removedIds: string[] = [];
  const issues: PullIssue[] = [];

  for (const item of page.value ?? []) {
    if (item['@removed']) {
      if (!item.id) continue;
      const masterId = index.masterOf(item.id);
      if (masterId) toResolve.add(masterId);
      else removedIds.push(item.id);
      continue;
    }
    const isInstance = item.type === 'occurrence' || item.type === 'exception';
    if (isInstance && item.id && item.seriesMasterId) {
      // A changed plain occurrence means the series changed; an exception alone only needs its
      // series read when the series is new to us.
      const masterId = item.seriesMasterId;
      const known = index.knows(masterId);
      index.addOccurrence(masterId, item.id);
      if (!resolved.has(masterId) && (item.type === 'occurrence' || !known))
        toResolve.add(masterId);
      if (item.type === 'occurrence') continue;
    }
    if (item.type === 'seriesMaster' && item.id) {
      if (!resolved.has(item.id)) toResolve.add(item.id);
      continue;
    }
    const mapped = graphEventToRemote(item, request.calendarId);
    if (mapped.kind === 'issue') issues.push(mapped.issue);
    else (isInstance ? exceptions : singles).push({ kind: 'upsert', event: mapped.event });
  }

  const masters: RemoteChange[] = [];
  const cancelled: RemoteChange[] = [];
  const removals: RemoteChange[] = [];
  await Promise.all(
    [...toResolve].map(async (masterId) => {
      const result = await resolveSeries(graph, request.calendarId, masterId, start.window);
      resolved.add(masterId);
      issues.push(...result.issues);
      if (result.occurrenceIds === null) {
        index.forget(masterId);
        removals.push(...result.changes);
        return;
      }
      index.replace(masterId, result.occurrenceIds);
      const [master, ...slots] = result.changes;
      if (master) masters.push(master);
      cancelled.push(...slots);
    }),
  );
  removals.push(...(await classifyRemovals(graph, request.calendarId, removedIds)));
  // Masters first: an exception's series must be known before the exception is reconciled.
  const changes = [...masters, ...exceptions, ...cancelled, ...singles, ...removals];

  const nextLink = page['@odata.nextLink'];
  const deltaLink = page['@odata.deltaLink'];
  if (nextLink) {
    const state: PullState = {
      ...start,
      link: nextLink,
      series: index.toJSON(),
      resolved: [...resolved],
    };
    const checkpoint = {
      mode,
      token: encodePullState(state),
      pagesDone: (request.checkpoint?.pagesDone ?? 0) + 1,
      window: start.window,
    };
    return { changes, issues, next: { kind: 'more', checkpoint } };
  }
  if (!deltaLink) {
    throw new NonRetryableProviderError(
      `calendarView delta page had neither nextLink nor deltaLink: ${excerptOf(page).slice(0, 120)}`,
    );
  }
  const state: PullState = { ...start, link: deltaLink, series: index.toJSON(), resolved: [] };
  return { changes, issues, next: { kind: 'done', cursor: encodePullState(state) } };
}

function startingState(request: PullRequest): PullState {
  const token = request.checkpoint?.token ?? request.cursor;
  const window = request.checkpoint?.window ?? request.window;
  if (token === null || token === undefined) {
    const link = `${calendarPath(request.calendarId)}/calendarView/delta?${windowQuery(
      window.startsAtUTC,
      window.endsAtUTC,
    )}`;
    return { version: 1, link, window, series: {}, resolved: [] };
  }
  const state = decodePullState(token, window);
  if (!state) throw new NonRetryableProviderError('unreadable Microsoft pull cursor or checkpoint');
  return state;
}

/**
 * Graph reports items that merely left the window with the same `@removed: deleted` as real
 * deletions; a read tells them apart (still there → left the window).
 */
async function classifyRemovals(
  graph: GraphApi,
  calendarId: string,
  ids: readonly string[],
): Promise<RemoteChange[]> {
  return Promise.all(
    ids.map(async (id): Promise<RemoteChange> => {
      let reason: 'deleted' | 'left_window' = 'deleted';
      try {
        await graph.get(`${eventPath(calendarId, id)}?$select=id`, {
          action: 'check removed event',
        });
        reason = 'left_window';
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
      return {
        kind: 'removed',
        externalId: id,
        calendarId,
        seriesExternalId: null,
        originalStart: null,
        reason,
        removedAt: null,
      };
    }),
  );
}

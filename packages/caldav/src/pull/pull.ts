import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  CursorExpiredError,
  NonRetryableProviderError,
  type PullIssue,
  type PullPage,
  type PullRequest,
  type RemoteChange,
} from '@calsync/core';
import type { DAVTransport } from '../dav/transport.js';
import { textOf } from '../dav/multistatus.js';
import { multigetBody } from '../dav/xml.js';
import { readResource } from '../ics/read.js';
import { decodeCursor, decodeRest, encodeRest } from './cursor.js';
import {
  type RoundPlan,
  type SyncMethod,
  type SyncMethodPreference,
  planFullSync,
  planIncremental,
} from './plan.js';

/** Defaults and limits of a page. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** Dependencies of {@link pullPage}. */
export interface PullDependencies {
  readonly transport: DAVTransport;
  readonly now: () => Date;
  readonly preference: SyncMethodPreference;
  /** `window` (default): full syncs list the window with a time-range query; `all`: every member. */
  readonly fullSyncScope: 'window' | 'all';
  /** Told which path each planned round took (for metrics and the benchmark). */
  readonly onRound?: (round: {
    calendarId: string;
    mode: 'full' | 'incremental';
    method: SyncMethod;
    toFetch: number;
    removed: number;
  }) => void;
}

/**
 * One page of a pull round: plans the round on its first page (full: calendar-query over the
 * window; incremental: sync-collection or the ctag/etag diff), then fetches the planned
 * resources in calendar-multiget batches. See cursor.ts for how checkpoints resume.
 *
 * @example
 * const page = await pullPage(deps, { calendarId, cursor: null, checkpoint: null, window });
 */
export async function pullPage(deps: PullDependencies, request: PullRequest): Promise<PullPage> {
  const pageSize = Math.min(Math.max(1, request.pageSize ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
  const calendarUrl = request.calendarId;
  let mode: 'full' | 'incremental';
  let to: string;
  let pending: readonly string[];
  const changes: RemoteChange[] = [];
  if (request.checkpoint) {
    const rest = decodeRest(request.checkpoint.token);
    if (!rest || rest.calendarId !== request.calendarId)
      throw new CursorExpiredError('unreadable CalDAV checkpoint: start the round again');
    ({ to } = rest);
    pending = rest.hrefs;
    mode = request.checkpoint.mode;
  } else {
    let plan: RoundPlan;
    if (request.cursor === null) {
      mode = 'full';
      plan = await planFullSync(
        deps.transport,
        calendarUrl,
        deps.fullSyncScope === 'all' ? null : request.window,
        deps.preference,
      );
    } else {
      mode = 'incremental';
      const cursor = decodeCursor(request.cursor);
      if (!cursor)
        throw new CursorExpiredError('not a CalDAV cursor of this adapter: full sync needed');
      plan = await planIncremental(deps.transport, calendarUrl, cursor);
    }
    deps.onRound?.({
      calendarId: calendarUrl,
      mode,
      method: plan.method,
      toFetch: plan.fetch.length,
      removed: plan.removed.length,
    });
    to = plan.to;
    pending = plan.fetch;
    for (const path of plan.removed)
      changes.push(removedChange(new URL(path, calendarUrl).toString(), calendarUrl));
  }
  const batch = pending.slice(0, pageSize);
  const fetched = await fetchResources(deps, calendarUrl, batch, mode);
  changes.push(...fetched.changes);
  const remaining = pending.slice(batch.length);
  if (remaining.length === 0)
    return { changes, issues: fetched.issues, next: { kind: 'done', cursor: to } };
  return {
    changes,
    issues: fetched.issues,
    next: {
      kind: 'more',
      checkpoint: {
        mode,
        token: encodeRest({ calendarId: request.calendarId, to, hrefs: remaining }),
        pagesDone: (request.checkpoint?.pagesDone ?? 0) + 1,
        window: request.window,
      },
    },
  };
}

/**
 * calendar-multiget of one batch, each resource read on its own so one bad object spoils nothing,
 * yielding to the event loop after each.
 */
async function fetchResources(
  deps: PullDependencies,
  calendarUrl: string,
  paths: readonly string[],
  mode: 'full' | 'incremental',
): Promise<{ changes: RemoteChange[]; issues: PullIssue[] }> {
  const changes: RemoteChange[] = [];
  const issues: PullIssue[] = [];
  if (paths.length === 0) return { changes, issues };
  const answer = await deps.transport.multistatus('REPORT', calendarUrl, multigetBody(paths), {
    depth: '1',
  });
  const now = deps.now();
  for (const entry of answer.entries) {
    if (entry.status === 404) {
      // Deleted between listing and fetching.
      if (mode === 'incremental') changes.push(removedChange(entry.url, calendarUrl));
      continue;
    }
    const text = textOf(entry.props.calendarData);
    if (entry.status >= 300 || text === null) {
      issues.push({
        externalId: entry.url,
        reason: `calendar-multiget answered ${entry.status} without calendar data`,
        excerpt: '',
      });
      continue;
    }
    const reading = readResource({ href: entry.url, calendarId: calendarUrl, text, now });
    changes.push(...reading.changes);
    issues.push(...reading.issues);
    // Each resource is bounded (ICS_LIMITS), a page is not: let the event loop answer between
    // resources (health checks and the API share the process in the `all` role).
    await nextTurn();
  }
  if (answer.entries.length === 0 && paths.length > 0) {
    throw new NonRetryableProviderError(
      `calendar-multiget of ${paths.length} resources answered nothing`,
    );
  }
  return { changes, issues };
}

function removedChange(externalId: string, calendarId: string): RemoteChange {
  return {
    kind: 'removed',
    externalId,
    calendarId,
    seriesExternalId: null,
    originalStart: null,
    reason: 'deleted',
    removedAt: null,
  };
}

import {
  CursorExpiredError,
  type InstantRange,
  NonRetryableProviderError,
  ProviderError,
} from '@calsync/core';
import type { DAVTransport } from '../dav/transport.js';
import { childNames, textOf } from '../dav/multistatus.js';
import {
  SYNC_STATE_PROPS,
  calendarQueryBody,
  propfindBody,
  syncCollectionBody,
} from '../dav/xml.js';
import { SYNC_TOKEN_REJECTED_STATUSES } from '../facts.js';
import { type CursorState, encodeCursor } from './cursor.js';

/** How a round finds out what changed. */
export type SyncMethod = 'sync-collection' | 'ctag';

/** What one pull round has to do. */
export interface RoundPlan {
  readonly method: SyncMethod;
  /** Cursor to hand out at the end of the round. */
  readonly to: string;
  /** Resource paths to fetch, sorted. */
  readonly fetch: readonly string[];
  /** Resource paths removed since the cursor (incremental rounds only). */
  readonly removed: readonly string[];
}

/** Which path a full sync takes: `auto` uses sync-collection when the calendar has a sync-token. */
export type SyncMethodPreference = 'auto' | SyncMethod;

const MAX_TRUNCATION_ROUNDS = 100;

/**
 * Plans a full sync of the window (`null`: every member). The cursor is read BEFORE listing, so anything that changes
 * while the round runs is reported again by the next round rather than lost.
 */
export async function planFullSync(
  transport: DAVTransport,
  calendarUrl: string,
  window: InstantRange | null,
  preference: SyncMethodPreference,
): Promise<RoundPlan> {
  const state = await transport.multistatus(
    'PROPFIND',
    calendarUrl,
    propfindBody(SYNC_STATE_PROPS),
    { depth: '0' },
  );
  const own = state.entries[0];
  const token = state.syncToken;
  const ctag = own ? textOf(own.props.getctag) : null;
  const method: SyncMethod =
    preference === 'auto' ? (token ? 'sync-collection' : 'ctag') : preference;
  if (method === 'sync-collection') {
    if (!token) throw new NonRetryableProviderError(`no sync-token on ${calendarUrl}`);
    const inWindow = window ? await listInWindow(transport, calendarUrl, window) : null;
    return {
      method,
      to: encodeCursor({ kind: 'sync', token }),
      fetch: inWindow ?? (await listMembers(transport, calendarUrl)).map(([h]) => h),
      removed: [],
    };
  }
  const members = await listMembers(transport, calendarUrl);
  const inWindow = window ? await listInWindow(transport, calendarUrl, window) : null;
  return {
    method,
    to: encodeCursor({ kind: 'ctag', ctag, etags: Object.fromEntries(members) }),
    fetch: inWindow ?? members.map(([h]) => h),
    removed: [],
  };
}

/** Plans an incremental round from a decoded cursor; an invalid sync-token throws `CursorExpiredError`. */
export async function planIncremental(
  transport: DAVTransport,
  calendarUrl: string,
  cursor: CursorState,
): Promise<RoundPlan> {
  if (cursor.kind === 'sync') return planSyncCollection(transport, calendarUrl, cursor.token);
  const state = await transport.multistatus(
    'PROPFIND',
    calendarUrl,
    propfindBody(SYNC_STATE_PROPS),
    { depth: '0' },
  );
  const ctag = state.entries[0] ? textOf(state.entries[0].props.getctag) : null;
  if (ctag !== null && ctag === cursor.ctag)
    return { method: 'ctag', to: encodeCursor(cursor), fetch: [], removed: [] };
  const members = await listMembers(transport, calendarUrl);
  const now = new Map(members);
  return {
    method: 'ctag',
    to: encodeCursor({ kind: 'ctag', ctag, etags: Object.fromEntries(members) }),
    fetch: members.filter(([href, etag]) => cursor.etags[href] !== etag).map(([href]) => href),
    removed: Object.keys(cursor.etags)
      .filter((href) => !now.has(href))
      .sort(),
  };
}

async function planSyncCollection(
  transport: DAVTransport,
  calendarUrl: string,
  startToken: string,
): Promise<RoundPlan> {
  const changed = new Set<string>();
  const removed = new Set<string>();
  let token = startToken;
  for (let round = 0; round < MAX_TRUNCATION_ROUNDS; round++) {
    // tsdav's smartCollectionSync swallows the error answer and keeps the dead token; we check.
    const answer = await transport.multistatus('REPORT', calendarUrl, syncCollectionBody(token), {
      depth: '0',
      acceptStatus: (status) => SYNC_TOKEN_REJECTED_STATUSES.has(status),
    });
    if (answer.status !== 207) {
      throw new CursorExpiredError(`sync-token rejected with ${answer.status}`, {
        status: answer.status,
        providerCode: 'valid-sync-token',
        cause: answer.text.slice(0, 300),
      });
    }
    if (!answer.syncToken)
      throw new NonRetryableProviderError(
        `sync-collection answer without a sync-token from ${calendarUrl}`,
      );
    let truncated = false;
    for (const entry of answer.entries) {
      const path = new URL(entry.url).pathname;
      if (path === new URL(calendarUrl).pathname) {
        truncated ||= entry.status === 507;
        continue;
      }
      if (entry.status === 404) {
        removed.add(path);
        changed.delete(path);
      } else if (!childNames(entry.props.resourcetype).includes('collection')) {
        changed.add(path);
        removed.delete(path);
      }
    }
    token = answer.syncToken;
    if (!truncated)
      return {
        method: 'sync-collection',
        to: encodeCursor({ kind: 'sync', token }),
        fetch: [...changed].sort(),
        removed: [...removed].sort(),
      };
  }
  throw new NonRetryableProviderError(
    `sync-collection still truncated after ${MAX_TRUNCATION_ROUNDS} rounds`,
  );
}

/** Every member resource with its etag (PROPFIND Depth 1), sorted by path. */
async function listMembers(
  transport: DAVTransport,
  calendarUrl: string,
): Promise<[string, string][]> {
  const answer = await transport.multistatus(
    'PROPFIND',
    calendarUrl,
    propfindBody(['d:getetag', 'd:resourcetype']),
    { depth: '1' },
  );
  const own = new URL(calendarUrl).pathname;
  return answer.entries
    .filter(
      (e) =>
        new URL(e.url).pathname !== own && !childNames(e.props.resourcetype).includes('collection'),
    )
    .map((e): [string, string] => [new URL(e.url).pathname, textOf(e.props.getetag) ?? ''])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Resources with a VEVENT overlapping the window (calendar-query time-range; servers match a
 * series if any instance overlaps). `null` when the server cannot answer it: fetch everything.
 */
async function listInWindow(
  transport: DAVTransport,
  calendarUrl: string,
  window: InstantRange,
): Promise<string[] | null> {
  try {
    const answer = await transport.multistatus(
      'REPORT',
      calendarUrl,
      calendarQueryBody(window, false),
      { depth: '1' },
    );
    const own = new URL(calendarUrl).pathname;
    return [
      ...new Set(answer.entries.map((e) => new URL(e.url).pathname).filter((p) => p !== own)),
    ].sort();
  } catch (error) {
    if (
      error instanceof ProviderError &&
      (error.errorClass === 'non_retryable' || error.status === 500 || error.status === 501)
    )
      return null;
    throw error;
  }
}

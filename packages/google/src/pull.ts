import {
  CursorExpiredError,
  NonRetryableProviderError,
  type PageCheckpoint,
  ProviderError,
  type PullIssue,
  type PullPage,
  type PullRequest,
  type RemoteChange,
} from '@calsync/core';
import type { calendar_v3 } from '@googleapis/calendar';
import type { GoogleCalendarClient } from './client.js';
import { GOOGLE_LIMITS } from './endpoints.js';
import { googleItemToChange } from './mapping/inbound.js';

/** What a checkpoint's opaque token holds: the page to ask for, and the round's sync token. */
interface CheckpointToken {
  /** Google `pageToken`. */
  readonly p: string;
  /** The sync token the round runs with; `null` in a full round. */
  readonly s: string | null;
}

function encodeCheckpoint(token: CheckpointToken): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeCheckpoint(value: string): CheckpointToken {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    const { p, s } = parsed as { p?: unknown; s?: unknown };
    if (typeof p === 'string' && (typeof s === 'string' || s === null)) return { p, s };
  } catch {
    // fall through
  }
  // A checkpoint we cannot read cannot be resumed: start the round over.
  throw new CursorExpiredError('Google Calendar: unreadable page checkpoint');
}

function pageSizeOf(request: PullRequest): number {
  const hint = request.pageSize ?? GOOGLE_LIMITS.defaultPageSize;
  return Math.min(GOOGLE_LIMITS.maxPageSize, Math.max(1, Math.floor(hint)));
}

/**
 * One page of a pull round (PROTOCOLS.md §1.2–1.4):
 * - no cursor: a full sync of the window (`timeMin`/`timeMax`), `showDeleted` so cancelled
 *   exceptions arrive, `singleEvents=false` so series come as masters plus exceptions;
 * - a cursor: the same query with `syncToken` instead of the window (Google forbids both);
 * - a checkpoint: the same query again plus `pageToken`, so an interrupted round resumes;
 * - `nextSyncToken` (last page only) ends the round; any 410 means the cursor is gone.
 */
export async function pullPage(
  client: GoogleCalendarClient,
  request: PullRequest,
): Promise<PullPage> {
  const checkpoint = request.checkpoint;
  const resumed = checkpoint === null ? null : decodeCheckpoint(checkpoint.token);
  const syncToken = resumed !== null ? resumed.s : request.cursor;
  const mode: PageCheckpoint['mode'] = syncToken === null ? 'full' : 'incremental';
  const window = checkpoint?.window ?? request.window;
  const params: calendar_v3.Params$Resource$Events$List = {
    calendarId: request.calendarId,
    maxResults: pageSizeOf(request),
    showDeleted: true,
    singleEvents: false,
    ...(syncToken === null
      ? { timeMin: window.startsAtUTC, timeMax: window.endsAtUTC }
      : { syncToken }),
    ...(resumed === null ? {} : { pageToken: resumed.p }),
  };
  let data: calendar_v3.Schema$Events;
  try {
    data = await client.call((api, options) => api.events.list(params, options));
  } catch (error) {
    // Some 410s come without a reason (PROTOCOLS.md §1.2 rule 4): key on the status alone.
    if (
      error instanceof ProviderError &&
      error.status === 410 &&
      !(error instanceof CursorExpiredError)
    ) {
      throw new CursorExpiredError('Google Calendar: sync token is no longer valid', {
        status: 410,
        cause: error,
      });
    }
    throw error;
  }

  const changes: RemoteChange[] = [];
  const issues: PullIssue[] = [];
  const calendarZone = data.timeZone ?? 'UTC';
  for (const item of data.items ?? []) {
    const result = googleItemToChange(item, request.calendarId, calendarZone);
    if (result.kind === 'change') changes.push(result.change);
    else issues.push(result.issue);
  }

  if (data.nextPageToken) {
    return {
      changes,
      issues,
      next: {
        kind: 'more',
        checkpoint: {
          mode,
          token: encodeCheckpoint({ p: data.nextPageToken, s: syncToken }),
          pagesDone: (checkpoint?.pagesDone ?? 0) + 1,
          window,
        },
      },
    };
  }
  if (data.nextSyncToken)
    return { changes, issues, next: { kind: 'done', cursor: data.nextSyncToken } };
  throw new NonRetryableProviderError(
    'Google Calendar: events.list answered with neither nextPageToken nor nextSyncToken',
  );
}

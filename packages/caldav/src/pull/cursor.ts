import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Cursors and page checkpoints of CalDAV pulls (opaque strings to everyone else).
 *
 * - `caldav1:sync:<token>` — the collection's RFC 6578 sync-token.
 * - `caldav1:ctag:<data>` — servers without sync-collection: the ctag plus every member's etag
 *   (deflated JSON, base64url), so the next round can tell changed and removed members apart.
 *
 * A checkpoint token holds the rest of the round's plan: the cursor to finish with and the
 * resources not fetched yet. CalDAV has no server paging, so a round lists what changed once,
 * then fetches it in calendar-multiget batches of `pageSize`; a crash between batches resumes
 * with the remaining hrefs and never re-lists, so nothing is skipped or fetched twice.
 */
export type CursorState =
  | { readonly kind: 'sync'; readonly token: string }
  | {
      readonly kind: 'ctag';
      readonly ctag: string | null;
      readonly etags: Readonly<Record<string, string>>;
    };

/** The remaining work of an unfinished round. */
export interface RoundRest {
  readonly calendarId: string;
  /** Cursor to hand out when the round is done. */
  readonly to: string;
  /** Resource paths still to fetch. */
  readonly hrefs: readonly string[];
}

const PREFIX = 'caldav1:';

/** Encodes a cursor. */
export function encodeCursor(state: CursorState): string {
  if (state.kind === 'sync') return `${PREFIX}sync:${state.token}`;
  return `${PREFIX}ctag:${pack({ ctag: state.ctag, etags: state.etags })}`;
}

/** Decodes a cursor; `null` for anything this adapter did not write. */
export function decodeCursor(cursor: string): CursorState | null {
  if (cursor.startsWith(`${PREFIX}sync:`)) {
    const token = cursor.slice(`${PREFIX}sync:`.length);
    return token ? { kind: 'sync', token } : null;
  }
  if (!cursor.startsWith(`${PREFIX}ctag:`)) return null;
  const value = unpack(cursor.slice(`${PREFIX}ctag:`.length));
  if (!isRecord(value) || !isRecord(value.etags)) return null;
  const etags: Record<string, string> = {};
  for (const [href, etag] of Object.entries(value.etags))
    if (typeof etag === 'string') etags[href] = etag;
  return { kind: 'ctag', ctag: typeof value.ctag === 'string' ? value.ctag : null, etags };
}

/** Encodes the rest of a round as a checkpoint token. */
export function encodeRest(rest: RoundRest): string {
  return pack(rest);
}

/** Decodes a checkpoint token; `null` when it is not one of ours. */
export function decodeRest(token: string): RoundRest | null {
  const value = unpack(token);
  if (
    !isRecord(value) ||
    typeof value.calendarId !== 'string' ||
    typeof value.to !== 'string' ||
    !Array.isArray(value.hrefs)
  )
    return null;
  return {
    calendarId: value.calendarId,
    to: value.to,
    hrefs: value.hrefs.filter((h): h is string => typeof h === 'string'),
  };
}

function pack(value: unknown): string {
  return deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64url');
}

function unpack(text: string): unknown {
  try {
    return JSON.parse(inflateRawSync(Buffer.from(text, 'base64url')).toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

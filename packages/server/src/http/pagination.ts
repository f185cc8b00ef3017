import { ApiError } from './errors.js';
import { unstorableTextReason } from './storable-text.js';

/** An opaque list cursor: the sort key of the last row returned. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * What one part of a cursor holds: `instant` a `Date#toISOString()`, `uuid` a row id, `seq` a
 * non-negative integer (a number or a string of digits, as bigints come back).
 */
export type CursorPart = 'instant' | 'uuid' | 'seq';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGITS = /^\d{1,19}$/;
/** `Date#toISOString()` of a year Postgres and the API take: 0001–9999. */
const ISO_INSTANT = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isInstant(value: string): boolean {
  const at = new Date(value);
  // Exactly what toISOString() wrote, so a forged year 0, 10000 or 30 February cannot pass.
  return ISO_INSTANT.test(value) && !Number.isNaN(at.getTime()) && at.toISOString() === value;
}

function partMatches(part: CursorPart, value: unknown): boolean {
  switch (part) {
    case 'seq':
      return typeof value === 'number'
        ? Number.isSafeInteger(value) && value >= 0
        : typeof value === 'string' && DIGITS.test(value) && BigInt(value) < 2n ** 63n;
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'instant':
      return typeof value === 'string' && isInstant(value);
  }
}

/**
 * Decodes a cursor made by {@link encodeCursor} whose parts are `parts`; each part is checked
 * for its kind, so a forged or truncated cursor is 400, never a database error.
 *
 * @example
 * const after = decodeCursor(query.cursor, ['instant', 'uuid']); // ['2026-…Z', '5f0c…'] | undefined
 */
export function decodeCursor(
  cursor: string | undefined,
  parts: readonly CursorPart[],
): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === parts.length &&
      parts.every((part, i) => partMatches(part, key[i])) &&
      key.every((k) => unstorableTextReason(String(k)) === undefined)
    ) {
      return key.map(String);
    }
  } catch {
    // fall through
  }
  throw new ApiError(400, 'invalid_request', 'cursor is not one this API returned');
}

/**
 * Decodes the cursor of a list ordered by an instant and a row id (`[instant, uuid]`).
 *
 * @example
 * const after = decodeInstantCursor(query.cursor); // { at: '2026-…Z', id: '5f0c…' } | null
 */
export function decodeInstantCursor(cursor: string | undefined): { at: string; id: string } | null {
  const key = decodeCursor(cursor, ['instant', 'uuid']);
  return key ? { at: key[0]!, id: key[1]! } : null;
}

/** Splits `limit + 1` fetched rows into a page and the next cursor. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

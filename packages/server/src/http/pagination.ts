import { ApiError } from './errors.js';

/** An opaque list cursor: the sort key of the last row returned. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; a bad one is 400. */
export function decodeCursor(
  cursor: string | undefined,
  arity: number,
): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => typeof k === 'string' || typeof k === 'number')
    ) {
      return key as (string | number)[];
    }
  } catch {
    // fall through
  }
  throw new ApiError(400, 'invalid_request', 'cursor is not one this API returned');
}

/** Splits `limit + 1` fetched rows into a page and the next cursor. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { decodeCursor, encodeCursor, type CursorPart } from './pagination.js';

const UUID = '4a0b6f5c-2c1d-4e8a-9f3b-7d6e5c4b3a21';
const KEYSET: CursorPart[] = ['instant', 'uuid'];
const SEQ: CursorPart[] = ['seq'];
const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('list cursors', () => {
  it('reads back what it wrote, as strings', () => {
    const at = new Date('2026-06-01T09:00:00Z').toISOString();
    expect(decodeCursor(encodeCursor([at, UUID]), KEYSET)).toEqual([at, UUID]);
    expect(decodeCursor(encodeCursor(['42']), SEQ)).toEqual(['42']);
    expect(decodeCursor(encodeCursor([42]), SEQ)).toEqual(['42']);
    expect(decodeCursor(undefined, SEQ)).toBeUndefined();
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor!', KEYSET],
    ['truncated', encodeCursor(['2026-06-01T09:00:00.000Z', UUID]).slice(0, -5), KEYSET],
    ['a part missing', forged(['2026-06-01T09:00:00.000Z']), KEYSET],
    ['30 February', forged(['2026-02-30T00:00:00.000Z', UUID]), KEYSET],
    ['month 13', forged(['2026-13-01T00:00:00.000Z', UUID]), KEYSET],
    ['year 0', forged(['0000-01-01T00:00:00.000Z', UUID]), KEYSET],
    ['year 10000', forged(['+010000-01-01T00:00:00.000Z', UUID]), KEYSET],
    ['a date without a time', forged(['2026-06-01', UUID]), KEYSET],
    ['a bad uuid', forged(['2026-06-01T09:00:00.000Z', 'x']), KEYSET],
    ['a NUL', forged(['2026-06-01T09:00:00.000Z', `${UUID}\u0000`]), KEYSET],
    ['an object', forged({ a: 1 }), KEYSET],
    ['a negative seq', forged([-1]), SEQ],
    ['a fractional seq', forged([1.5]), SEQ],
    ['a seq beyond bigint', forged(['99999999999999999999']), SEQ],
    ['a seq of text', forged(['12a']), SEQ],
  ])('refuses a cursor with %s as 400 invalid_request', (_label, cursor, parts) => {
    const attempt = () => decodeCursor(cursor, parts);
    expect(attempt).toThrow(ApiError);
    expect(attempt).toThrow('cursor is not one this API returned');
  });
});

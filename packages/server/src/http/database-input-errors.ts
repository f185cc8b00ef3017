import { ApiError } from './errors.js';

/**
 * SQLSTATEs (PostgreSQL manual, appendix A, class 22 "data exception") that a value sent by the
 * caller causes, not a fault of the server: too long, out of range, an impossible date or time,
 * bad input syntax (a uuid, a number), a NUL or a byte sequence the encoding refuses.
 */
const BAD_INPUT_CODES: ReadonlyMap<string, string> = new Map([
  ['22001', 'a value is too long'],
  ['22003', 'a number is out of range'],
  ['22007', 'a date or time is not valid'],
  ['22008', 'a date or time is out of range'],
  ['22021', 'a text holds a byte sequence that is not UTF-8'],
  ['22P02', 'a value does not have the expected form'],
  ['22P05', 'a text holds a character that cannot be stored'],
]);

/**
 * The 400 a database error on the caller's input deserves, or undefined for any other error.
 * A safety net behind validation: requests are checked before any query runs, and whatever slips
 * through is still the caller's mistake, not a 500. The database's message (which may quote the
 * value) is not passed on; the code is, to tell the cases apart.
 *
 * @example
 * const bad = badInputFromDatabase(error);
 * if (bad) return errorResponse(c, bad.status, bad.code, bad.message, bad.details);
 */
export function badInputFromDatabase(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code, name } = error as { code: unknown; name?: unknown };
  if (name !== 'PostgresError' || typeof code !== 'string') return undefined;
  const what = BAD_INPUT_CODES.get(code);
  if (!what) return undefined;
  return new ApiError(400, 'invalid_request', `The request cannot be stored: ${what}.`, {
    sqlstate: code,
  });
}

/** Socket errors of a database that is down, restarting or unreachable. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** The `postgres` client's own codes for a connection lost or not made in time. */
const CLIENT_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
/** Administrator shutdown, crash shutdown, cannot connect now (PostgreSQL manual, appendix A). */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether `error` (or an error it wraps, through `cause` or an `AggregateError`) says the
 * database cannot be reached right now — as opposed to a query it refused. Such a request is
 * worth repeating once the database is back: the HTTP layer answers 503 with `Retry-After`.
 *
 * @example
 * isDatabaseUnavailableError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) // true
 */
export function isDatabaseUnavailableError(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const code = codeOf(error);
  if (code !== undefined) {
    if (SOCKET_CODES.has(code) || CLIENT_CODES.has(code) || SERVER_CODES.has(code)) return true;
    if (code.length === 5 && code.startsWith('08')) return true;
  }
  if (
    error instanceof AggregateError &&
    error.errors.some((e) => isDatabaseUnavailableError(e, depth + 1))
  ) {
    return true;
  }
  return (
    'cause' in error && isDatabaseUnavailableError((error as { cause: unknown }).cause, depth + 1)
  );
}

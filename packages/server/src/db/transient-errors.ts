/**
 * Database failures that a retry can get past: a deadlock or serialization failure (Postgres
 * rolled one transaction back to let the other through), a lock not granted, a dropped or
 * restarting server, a connection the client lost, a link written by a concurrent writer first. SQLSTATE classes and codes from the PostgreSQL manual, appendix A.
 */
const TRANSIENT_CODES = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03']);
const TRANSIENT_CLASSES = ['08'];
/** The `postgres` client's own codes for a connection lost or not made in time. */
const CLIENT_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * Whether `error` is a database failure worth retrying (see above).
 *
 * @example
 * isTransientDatabaseError(Object.assign(new Error('deadlock detected'), { code: '40P01' })) // true
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code, constraint_name: constraint } = error as {
    code: unknown;
    constraint_name?: unknown;
  };
  // Two writers linking the same external event at once (a pull reading the echo of a create
  // whose push records it in the same moment): the one that lost reads the other's link on retry.
  if (code === '23505' && typeof constraint === 'string' && constraint.startsWith('event_links_')) {
    return true;
  }
  if (typeof code !== 'string') return false;
  if (CLIENT_CODES.has(code)) return true;
  if (code.length !== 5) return false;
  return TRANSIENT_CODES.has(code) || TRANSIENT_CLASSES.includes(code.slice(0, 2));
}

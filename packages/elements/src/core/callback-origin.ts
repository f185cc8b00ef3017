import type { CalsyncClientLike } from './client.js';

/**
 * The origin Calsync's OAuth callback page posts its result from: `callback-origin` when set,
 * else the origin of the client's server URL (whichever way the element got its client), else of
 * the element's `base-url`, else this page's.
 *
 * @example
 * callbackOrigin('', client) // 'https://calsync.example.com' for a client of that server
 */
export function callbackOrigin(
  explicit: string,
  client: CalsyncClientLike | undefined,
  baseUrl = '',
): string {
  if (explicit) return explicit;
  const server = client?.baseUrl || baseUrl;
  try {
    return server ? new URL(server, location.href).origin : location.origin;
  } catch {
    return location.origin;
  }
}

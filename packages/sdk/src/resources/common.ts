import { paginate, type Page, type PageList } from '../http/paginate.js';
import type { Call, Transport } from '../http/transport.js';

/** Options every call takes. */
export interface RequestOptions {
  /** Aborts the call; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** What every list takes: a page size and where to start (a `nextCursor` of an earlier page). */
export interface PageParams {
  /** Items per page; the server's default when absent. */
  limit?: number;
  /** Start after this page; absent for the first one. */
  cursor?: string;
}

/**
 * A path segment, escaped, so an id can never change the route.
 *
 * @example
 * `/users/${segment('team/ada')}`; // '/users/team%2Fada'
 */
export const segment = (value: string): string => encodeURIComponent(value);

/**
 * A list call of `path`: the first page at once, further pages as they are asked for, each
 * with the query it was given and the cursor of the page before.
 *
 * @example
 * const list = listOf<Appointment>(transport, '/appointments', { userId: 'u1' });
 */
export function listOf<T>(
  transport: Transport,
  path: string,
  params: PageParams | undefined,
  options?: RequestOptions,
): PageList<T> {
  return paginate(
    (cursor) =>
      transport.json<Page<T>>({ method: 'GET', path, query: { ...params, cursor }, ...options }),
    params?.cursor,
  );
}

/**
 * A `PATCH` of `path` carrying a JSON merge patch (RFC 7396): only the fields given are sent,
 * so the server changes those and keeps every other.
 *
 * @example
 * transport.json(mergePatch('/appointments/a1', { title: 'Moved call' }));
 */
export const mergePatch = (path: string, body: object, options?: RequestOptions): Call => ({
  method: 'PATCH',
  path,
  body,
  headers: { 'content-type': 'application/merge-patch+json' },
  ...options,
});

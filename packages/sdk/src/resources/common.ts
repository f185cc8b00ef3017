import type { CamelCase } from '../wire/case.js';

/** Options every call takes. */
export interface RequestOptions {
  /** Aborts the call; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * A path segment, escaped, so an id can never change the route.
 *
 * @example
 * `/users/${segment('team/ada')}`; // '/users/team%2Fada'
 */
export const segment = (value: string): string => encodeURIComponent(value);

/**
 * `{data, next_cursor}` of the wire, camelCased.
 *
 * @example
 * transport.json<WirePage<Appointment>>({ method: 'GET', path: '/appointments' });
 */
export type WirePage<T> = CamelCase<{ data: T[]; next_cursor: string | null }>;

import type { Transport } from '../http/transport.js';
import type { Paths, UserErased } from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import type { QueryOf } from '../wire/query.js';
import { segment, type RequestOptions } from './common.js';

/** Everything stored about a user, secrets excluded, as one document. */
export type UserExport = CamelCase<Paths['/users/{user_id}/export']['get']['responses'][200]>;
/** `users.erase`: whether to delete the events Calsync wrote to the user's calendars too. */
export type UserEraseParams = CamelCase<QueryOf<Paths['/users/{user_id}']['delete']['query']>>;
/** What `users.erase` deleted and queued. */
export type UserErasure = CamelCase<UserErased>;

/** `calsync.users`: GDPR export and erase (secret key only, audited). */
export interface UsersAPI {
  /**
   * Exports all that is stored about a user (by the host's id), tokens excluded.
   *
   * @example
   * const document = await calsync.users.export('u1');
   */
  export(userId: string, options?: RequestOptions): Promise<UserExport>;
  /**
   * Erases a user: disconnects everything and deletes their data; with
   * `deleteExternalEvents` also the events Calsync wrote to their calendars.
   *
   * @example
   * await calsync.users.erase('u1', { deleteExternalEvents: true });
   */
  erase(userId: string, params?: UserEraseParams, options?: RequestOptions): Promise<UserErasure>;
}

/**
 * Binds the users namespace to a transport.
 *
 * @example
 * const users = usersAPI(createTransport(options));
 */
export function usersAPI(transport: Transport): UsersAPI {
  const path = (id: string): string => `/users/${segment(id)}`;
  return {
    export: (id, options) =>
      transport.json({ method: 'GET', path: `${path(id)}/export`, ...options }),
    erase: (id, query, options) =>
      transport.json({ method: 'DELETE', path: path(id), query, ...options }),
  };
}

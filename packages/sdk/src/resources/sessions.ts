import type { Transport } from '../http/transport.js';
import type { CamelCase } from '../wire/case.js';
import type { RouteInput, RouteOutput } from '../wire/routes.js';
import type { RequestOptions } from './common.js';

/** What `sessions.create` takes: the host's id of the user and an optional TTL. */
export type SessionCreateParams = CamelCase<RouteInput<'/sessions', '$post'>['json']>;

/** A session token for one user, for the browser. */
export type Session = CamelCase<RouteOutput<'/sessions', '$post', 201>>;

/** `calsync.sessions`: session tokens for the browser (secret key only). */
export interface SessionsAPI {
  /**
   * Mints a session token (`cst_…`) that sees and changes only one user's data.
   *
   * @example
   * const { token, expiresAt } = await calsync.sessions.create({ userId: 'u1', ttlSeconds: 900 });
   */
  create(params: SessionCreateParams, options?: RequestOptions): Promise<Session>;
}

/**
 * Binds the sessions namespace to a transport.
 *
 * @example
 * const sessions = sessionsAPI(createTransport(options));
 */
export function sessionsAPI(transport: Transport): SessionsAPI {
  return {
    create: (body, options) =>
      transport.json({ method: 'POST', path: '/sessions', body, ...options }),
  };
}

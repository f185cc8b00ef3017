import type { Transport } from '../http/transport.js';
import type {
  CreateSession,
  RevokedSession as WireRevokedSession,
  Session as WireSession,
} from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import { segment, type RequestOptions } from './common.js';

/** What `sessions.create` takes: the host's id of the user and an optional TTL. */
export type SessionCreateParams = CamelCase<CreateSession>;

/** A session token for one user, for the browser; `id` names it to revoke it. */
export type Session = CamelCase<WireSession>;

/** What `sessions.revoke` answers: the session's id and `revoked: true`. */
export type RevokedSession = CamelCase<WireRevokedSession>;

/** `calsync.sessions`: session tokens for the browser. */
export interface SessionsAPI {
  /**
   * Mints a session token (`cst_…`) that sees and changes only one user's data (secret key
   * only). Revoking the secret key later revokes the token too.
   *
   * @example
   * const { id, token, expiresAt } = await calsync.sessions.create({ userId: 'u1', ttlSeconds: 900 });
   */
  create(params: SessionCreateParams, options?: RequestOptions): Promise<Session>;
  /**
   * Revokes a session token at once, in every server process. A secret key may revoke any
   * session of its tenant; a session token only itself (any other id rejects with a
   * `CalsyncError` of code `not_found`).
   * Revoking an already revoked or expired session succeeds again.
   *
   * @example
   * const { id } = await admin.sessions.create({ userId: 'u1' });
   * await admin.sessions.revoke(id); // the token now gets 401 everywhere
   */
  revoke(id: string, options?: RequestOptions): Promise<RevokedSession>;
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
    revoke: (id, options) =>
      transport.json({ method: 'DELETE', path: `/sessions/${segment(id)}`, ...options }),
  };
}

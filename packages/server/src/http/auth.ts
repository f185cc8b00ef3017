import type { MiddlewareHandler } from 'hono';
import type { ServerContext } from '../context.js';
import { findApiKeyBySecret } from '../store/api-keys.js';
import { findLiveSession, SESSION_TOKEN_PREFIX } from '../store/sessions.js';
import { findUserByExternalId, upsertUser, type UserRow } from '../store/users.js';
import type { AppEnv, AuthContext } from './env.js';
import { ApiError } from './errors.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Authenticates `Authorization: Bearer sk_…` (a tenant's secret key) or `Bearer cst_…` (a session
 * token of one user). Anything else is 401 `unauthorized`.
 */
export function authenticate(ctx: ServerContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw new ApiError(401, 'unauthorized', 'Send Authorization: Bearer <key or session token>.');
    let auth: AuthContext | undefined;
    if (token.startsWith('sk_')) {
      const key = await findApiKeyBySecret(ctx.sql, token);
      if (key) auth = { kind: 'secret_key', tenantId: key.tenant_id, keyId: key.id };
    } else if (token.startsWith(SESSION_TOKEN_PREFIX)) {
      const session = await findLiveSession(ctx.sql, token, ctx.now());
      if (session) {
        auth = {
          kind: 'session',
          tenantId: session.tenant_id,
          sessionId: session.id,
          userId: session.user_id,
          externalUserId: session.external_user_id,
        };
      }
    }
    if (!auth)
      throw new ApiError(
        401,
        'unauthorized',
        'The key or session token is invalid, revoked or expired.',
      );
    c.set('auth', auth);
    await next();
  };
}

/** Refuses session tokens: the route is for the host's backend only. */
export function requireSecretKey(
  auth: AuthContext,
): asserts auth is Extract<AuthContext, { kind: 'secret_key' }> {
  if (auth.kind !== 'secret_key') {
    throw new ApiError(
      403,
      'forbidden',
      'This call needs a secret key; session tokens cannot make it.',
    );
  }
}

/** Who a call is about: the session's user, or the `user_id` a secret-key call names. */
export interface UserScope {
  tenantId: string;
  /** The host's id of the user. */
  externalUserId: string;
}

/**
 * The user a call concerns. A session token always means its own user: naming another one is
 * 404, as if it did not exist. A secret key must name the user.
 */
export function userScope(auth: AuthContext, userIdParam: string | undefined): UserScope {
  if (auth.kind === 'session') {
    if (userIdParam !== undefined && userIdParam !== auth.externalUserId) {
      throw new ApiError(404, 'not_found', 'No such user.');
    }
    return { tenantId: auth.tenantId, externalUserId: auth.externalUserId };
  }
  if (userIdParam === undefined) {
    throw new ApiError(400, 'invalid_request', 'user_id is required with a secret key.');
  }
  return { tenantId: auth.tenantId, externalUserId: userIdParam };
}

/** The scope's user, or undefined when the host never named it. */
export function findScopedUser(ctx: ServerContext, scope: UserScope): Promise<UserRow | undefined> {
  return findUserByExternalId(ctx.sql, scope.tenantId, scope.externalUserId);
}

/** The scope's user, created on first mention. */
export function ensureScopedUser(ctx: ServerContext, scope: UserScope): Promise<UserRow> {
  return upsertUser(ctx.sql, scope.tenantId, scope.externalUserId);
}

/**
 * What a caller may see of rows owned by users: a secret key sees the whole tenant, a session
 * token only its user. Use as `and (${visibleUserId} is null or user_id = ${visibleUserId})`.
 */
export function visibleUserId(auth: AuthContext): string | null {
  return auth.kind === 'session' ? auth.userId : null;
}

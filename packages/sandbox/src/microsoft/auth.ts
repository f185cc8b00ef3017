import type { Context } from 'hono';
import type { GraphDeps, GraphEnv } from './deps.js';
import { GraphError } from './errors.js';
import type { StoredUser } from './model.js';

function unauthorized(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message, {
    'WWW-Authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"',
  });
}

/** Resolves the bearer token to its user, or throws 401 `InvalidAuthenticationToken`. */
export function authenticate(deps: GraphDeps, authorization: string | undefined): StoredUser {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (!token) throw unauthorized('Access token is empty.');
  const record = deps.state.accessTokens.get(token);
  if (!record) throw unauthorized('IDX14100: JWT is not well formed, there are no dots (.).');
  if (
    record.revoked ||
    (record.expiresMs !== null && record.expiresMs <= deps.ctx.now().getTime())
  ) {
    throw unauthorized('Lifetime validation failed, the token is expired.');
  }
  const user = deps.state.users.get(record.userId);
  if (!user) throw unauthorized('Access token validation failure.');
  return user;
}

/** Middleware for `/v1.0/*`: sets `caller` and, for `/me`, `target`. */
export function authMiddleware(deps: GraphDeps) {
  return async (c: Context<GraphEnv>, next: () => Promise<void>): Promise<void> => {
    const caller = authenticate(deps, c.req.header('authorization'));
    c.set('caller', caller);
    c.set('target', caller);
    await next();
  };
}

/** Middleware for `/v1.0/users/{id|upn}/*`: sets `target` to the addressed mailbox. */
export function userTargetMiddleware(deps: GraphDeps) {
  return async (c: Context<GraphEnv>, next: () => Promise<void>): Promise<void> => {
    const key = decodeURIComponent(c.req.param('user') ?? '');
    const target = deps.state.findUser(key);
    if (!target) {
      throw new GraphError(404, 'ResourceNotFound', `User not found: '${key}'.`);
    }
    c.set('target', target);
    await next();
  };
}

import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { recordAudit } from '../../store/audit.js';
import { createSession, revokeSession } from '../../store/sessions.js';
import { upsertUser } from '../../store/users.js';
import { requireSecretKey } from '../auth.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { errorResponses, ExternalUserId, UuidSchema } from '../schemas/common.js';
import { auditActor } from './audit.js';

const CreateSessionBody = z
  .object({
    user_id: ExternalUserId,
    ttl_seconds: z.number().int().min(60).max(86_400).default(3600),
  })
  .strict()
  .openapi('CreateSession');

const SessionSchema = z
  .object({
    id: z.uuid().openapi({ description: 'Names the session to revoke it' }),
    token: z.string().openapi({ example: 'cst_…' }),
    expires_at: z.string(),
  })
  .openapi('Session');

const createSessionRoute = createRoute({
  method: 'post',
  path: '/sessions',
  summary: 'Mint a session token for one user (secret key only)',
  request: {
    body: { content: { 'application/json': { schema: CreateSessionBody } }, required: true },
  },
  responses: {
    201: {
      description: 'The token, shown once',
      content: { 'application/json': { schema: SessionSchema } },
    },
    ...errorResponses,
  },
});

const revokeSessionRoute = createRoute({
  method: 'delete',
  path: '/sessions/{id}',
  summary: 'Revoke a session token (a secret key: any of its tenant; a session: itself)',
  description:
    'Takes effect at once in every server process. Revoking a revoked or expired session ' +
    'answers 200 again; a session of another tenant, or another session than the calling ' +
    'one, is 404.',
  request: { params: z.object({ id: UuidSchema }) },
  responses: {
    200: {
      description: 'Revoked',
      content: {
        'application/json': {
          schema: z.object({ id: z.uuid(), revoked: z.literal(true) }).openapi('RevokedSession'),
        },
      },
    },
    ...errorResponses,
  },
});

const noSuchSession = () => new ApiError(404, 'not_found', 'No such session.');

/**
 * `POST /sessions` mints the session tokens the host's backend hands to the browser;
 * `DELETE /sessions/{id}` revokes one (a secret key any of its tenant's, a session only itself).
 */
export function sessionRoutes(ctx: ServerContext) {
  return createRouter()
    .openapi(createSessionRoute, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const body = c.req.valid('json');
      const user = await upsertUser(ctx.sql, auth.tenantId, body.user_id);
      const { id, token, expiresAt } = await createSession(ctx.sql, {
        tenantId: auth.tenantId,
        userId: user.id,
        apiKeyId: auth.keyId,
        now: ctx.now(),
        ttlSeconds: body.ttl_seconds,
      });
      return c.json({ id, token, expires_at: expiresAt.toISOString() }, 201);
    })
    .openapi(revokeSessionRoute, async (c) => {
      const auth = c.get('auth');
      const { id } = c.req.valid('param');
      if (auth.kind === 'session' && auth.sessionId !== id) throw noSuchSession();
      await ctx.sql.begin(async (tx) => {
        if (!(await revokeSession(tx, { tenantId: auth.tenantId, sessionId: id }))) {
          throw noSuchSession();
        }
        await recordAudit(tx, {
          tenantId: auth.tenantId,
          actor: auditActor(auth),
          action: 'session.revoked',
          targetType: 'session',
          targetId: id,
          at: ctx.now(),
        });
      });
      return c.json({ id, revoked: true as const }, 200);
    });
}

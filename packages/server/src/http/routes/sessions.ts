import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { createSession } from '../../store/sessions.js';
import { upsertUser } from '../../store/users.js';
import { requireSecretKey } from '../auth.js';
import { createRouter } from '../router.js';
import { errorResponses, ExternalUserId } from '../schemas/common.js';

const CreateSessionBody = z
  .object({
    user_id: ExternalUserId,
    ttl_seconds: z.number().int().min(60).max(86_400).default(3600),
  })
  .strict()
  .openapi('CreateSession');

const SessionSchema = z
  .object({ token: z.string().openapi({ example: 'cst_…' }), expires_at: z.string() })
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

/** `POST /sessions`: session tokens the host's backend hands to the browser. */
export function sessionRoutes(ctx: ServerContext) {
  return createRouter().openapi(createSessionRoute, async (c) => {
    const auth = c.get('auth');
    requireSecretKey(auth);
    const body = c.req.valid('json');
    const user = await upsertUser(ctx.sql, auth.tenantId, body.user_id);
    const { token, expiresAt } = await createSession(ctx.sql, {
      tenantId: auth.tenantId,
      userId: user.id,
      now: ctx.now(),
      ttlSeconds: body.ttl_seconds,
    });
    return c.json({ token, expires_at: expiresAt.toISOString() }, 201);
  });
}

import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { exportUser } from '../../gdpr/export.js';
import { eraseUser } from '../../gdpr/erase.js';
import { recordAudit } from '../../store/audit.js';
import { findUserByExternalId } from '../../store/users.js';
import { requireSecretKey } from '../auth.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { errorResponses, ExternalUserId, JsonObject, JsonValue } from '../schemas/common.js';
import { auditActor } from './audit.js';

const UserParam = z.object({ user_id: ExternalUserId });

const exportRoute = createRoute({
  method: 'get',
  path: '/users/{user_id}/export',
  summary: 'Everything stored about a user, secrets excluded (secret key only, audited)',
  request: { params: UserParam },
  responses: {
    200: {
      description: 'One JSON document: the user and its rows per table',
      content: {
        'application/json': {
          schema: z
            .object({ exported_at: z.string(), user: JsonObject })
            .catchall(JsonValue)
            .openapi('UserExport'),
        },
      },
    },
    ...errorResponses,
  },
});

const EraseResultSchema = z
  .object({
    user_id: z.string(),
    erased: z.literal(true),
    deleted: z.record(z.string(), z.number().int()),
    connections_queued: z.number().int(),
    external_events_queued: z.number().int(),
  })
  .openapi('UserErased');

const eraseRoute = createRoute({
  method: 'delete',
  path: '/users/{user_id}',
  summary: 'Erase a user and all its data (secret key only, audited)',
  description:
    'At once: sessions end, credentials and every row of the user are deleted. Then a job per ' +
    'connection revokes the tokens at the provider and, with `delete_external_events=true`, ' +
    'deletes the events Calsync wrote to the calendars (read from the links before deletion).',
  request: {
    params: UserParam,
    query: z.object({
      delete_external_events: z
        .enum(['true', 'false'])
        .default('false')
        .transform((v) => v === 'true'),
    }),
  },
  responses: {
    200: { description: 'Erased', content: { 'application/json': { schema: EraseResultSchema } } },
    ...errorResponses,
  },
});

const noSuchUser = () => new ApiError(404, 'not_found', 'No such user.');

/** `/users/{user_id}`: GDPR export and erase. */
export function userRoutes(ctx: ServerContext) {
  return createRouter()
    .openapi(exportRoute, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const externalId = c.req.valid('param').user_id;
      const user = await findUserByExternalId(ctx.sql, auth.tenantId, externalId);
      if (!user) throw noSuchUser();
      const data = await ctx.sql.begin('isolation level repeatable read', async (tx) => {
        await recordAudit(tx, {
          tenantId: auth.tenantId,
          actor: auditActor(auth),
          action: 'user.exported',
          targetType: 'user',
          targetId: externalId,
          at: ctx.now(),
        });
        return exportUser(tx, auth.tenantId, user.id, ctx.now());
      });
      if (!data) throw noSuchUser();
      return c.json(data, 200);
    })
    .openapi(eraseRoute, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const externalId = c.req.valid('param').user_id;
      const user = await findUserByExternalId(ctx.sql, auth.tenantId, externalId);
      if (!user) throw noSuchUser();
      const result = await eraseUser(ctx, {
        tenantId: auth.tenantId,
        userId: user.id,
        externalUserId: externalId,
        deleteExternalEvents: c.req.valid('query').delete_external_events,
        actor: auditActor(auth),
      });
      return c.json({ user_id: externalId, erased: true as const, ...result }, 200);
    });
}

import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { listAudit } from '../../store/audit.js';
import { requireSecretKey } from '../auth.js';
import type { AuthContext } from '../env.js';
import { decodeCursor, page } from '../pagination.js';
import { createRouter } from '../router.js';
import { errorResponses, JsonObject, listOf, PageQuery } from '../schemas/common.js';

/** Who an API call acts as, in audit entries: `api_key:<id>` or `session:<id>`. */
export function auditActor(auth: AuthContext): string {
  return auth.kind === 'secret_key' ? `api_key:${auth.keyId}` : `session:${auth.sessionId}`;
}

const AuditEntry = z
  .object({
    id: z.string(),
    actor: z.string().openapi({ example: 'api_key:3f0c…' }),
    action: z.string().openapi({ example: 'webhook_endpoint.created' }),
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    details: JsonObject,
    at: z.string(),
  })
  .openapi('AuditEntry');

const listAuditRoute = createRoute({
  method: 'get',
  path: '/audit',
  summary: "The tenant's audit log, newest first (secret key only)",
  request: { query: PageQuery },
  responses: {
    200: {
      description: 'A page of entries',
      content: { 'application/json': { schema: listOf(AuditEntry) } },
    },
    ...errorResponses,
  },
});

/** `GET /audit`: admin actions taken on the tenant's data. */
export function auditRoutes(ctx: ServerContext) {
  return createRouter().openapi(listAuditRoute, async (c) => {
    const auth = c.get('auth');
    requireSecretKey(auth);
    const query = c.req.valid('query');
    const [beforeId] = decodeCursor(query.cursor, ['seq']) ?? [];
    const rows = await listAudit(ctx.sql, {
      tenantId: auth.tenantId,
      limit: query.limit,
      ...(beforeId !== undefined ? { beforeId } : {}),
    });
    const result = page(rows, query.limit, (row) => [row.id]);
    return c.json(
      {
        data: result.data.map(({ tenant_id: _tenant, ...row }) => ({
          ...row,
          at: row.at.toISOString(),
        })),
        next_cursor: result.next_cursor,
      },
      200,
    );
  });
}

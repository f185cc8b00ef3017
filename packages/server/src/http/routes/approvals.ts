import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { findApproval, listApprovals, type ApprovalRow } from '../../store/approvals.js';
import { listConnections } from '../../store/connections.js';
import { ApprovalNotPendingError, decideApproval } from '../../sync/approvals.js';
import { findScopedUser, userScope } from '../auth.js';
import { ApiError } from '../errors.js';
import { decodeInstantCursor, page } from '../pagination.js';
import { createRouter } from '../router.js';
import { EventSnapshotSchema } from '../schemas/event-snapshot.js';
import { errorResponses, ExternalUserId, listOf, PageQuery } from '../schemas/common.js';
import { visibleConnection } from './integrations.js';

const ApprovalSchema = z
  .object({
    id: z.uuid(),
    integration_id: z.uuid(),
    action: z.enum(['create', 'update', 'delete', 'rsvp']),
    appointment_id: z.uuid().nullable(),
    /** What would be sent: the appointment's version and content when it was held. */
    snapshot: z
      .object({ version: z.number().int(), content: EventSnapshotSchema })
      .openapi('ApprovalSnapshot'),
    status: z.enum(['pending', 'approved', 'rejected', 'expired']),
    notes: z.string().nullable(),
    requested_at: z.string(),
    expires_at: z.string(),
    decided_at: z.string().nullable(),
  })
  .openapi('Approval');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

function present(row: ApprovalRow): z.infer<typeof ApprovalSchema> {
  return {
    id: row.id,
    integration_id: row.connection_id,
    action: row.action,
    appointment_id: row.appointment_id,
    // Held by the push planner as { version, content }.
    snapshot: row.snapshot as z.infer<typeof ApprovalSchema>['snapshot'],
    status: row.status,
    notes: row.notes,
    requested_at: row.requested_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
    decided_at: row.decided_at?.toISOString() ?? null,
  };
}

const listRoute = createRoute({
  method: 'get',
  path: '/approvals',
  summary: 'Outbound writes held for the user’s yes',
  request: {
    query: PageQuery.extend({
      user_id: ExternalUserId.optional(),
      status: z.enum(['pending', 'approved', 'rejected', 'expired']).optional(),
    }).strict(),
  },
  responses: {
    200: json(listOf(ApprovalSchema), 'A page of approvals, newest first'),
    ...errorResponses,
  },
});

const decideRoute = createRoute({
  method: 'post',
  path: '/approvals/{id}',
  summary: 'Approve (send it) or reject a held write',
  request: {
    params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }),
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              action: z.enum(['approve', 'reject']),
              notes: z.string().max(1000).optional(),
            })
            .strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(ApprovalSchema, 'The decided approval'),
    409: errorResponses[404],
    ...errorResponses,
  },
});

/** Approvals of connections with `require_approval`. */
export function approvalRoutes(ctx: ServerContext) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const auth = c.get('auth');
      const query = c.req.valid('query');
      // A forged cursor is a 400 whether or not the user has anything yet.
      const before = decodeInstantCursor(query.cursor);
      let connectionIds: string[] | null = null;
      if (auth.kind === 'session' || query.user_id !== undefined) {
        const user = await findScopedUser(ctx, userScope(auth, query.user_id));
        if (!user) return c.json({ data: [], next_cursor: null }, 200);
        connectionIds = (
          await listConnections(ctx.sql, {
            tenantId: auth.tenantId,
            userId: user.id,
            includeDisconnected: true,
          })
        ).map((r) => r.id);
      }
      const rows = await listApprovals(ctx.sql, {
        tenantId: auth.tenantId,
        connectionIds,
        status: query.status ?? null,
        limit: query.limit + 1,
        before,
      });
      const result = page(rows, query.limit, (r) => [r.requested_at.toISOString(), r.id]);
      return c.json({ data: result.data.map(present), next_cursor: result.next_cursor }, 200);
    })
    .openapi(decideRoute, async (c) => {
      const auth = c.get('auth');
      const approval = await findApproval(ctx.sql, c.req.valid('param').id, auth.tenantId);
      if (!approval) throw new ApiError(404, 'not_found', 'No such approval.');
      await visibleConnection(ctx, auth, approval.connection_id);
      const body = c.req.valid('json');
      try {
        return c.json(
          present(await decideApproval(ctx, approval.id, body.action, body.notes ?? null)),
          200,
        );
      } catch (error) {
        if (error instanceof ApprovalNotPendingError)
          throw new ApiError(409, error.code, 'The approval is no longer pending.');
        throw error;
      }
    });
}

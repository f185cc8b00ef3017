import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { readFeed } from '../../webhooks/feed.js';
import { visibleUserId } from '../auth.js';
import { createRouter } from '../router.js';
import { errorResponses } from '../schemas/common.js';
import { ChangeSchema, SeqQuery, type ChangeOutput } from '../schemas/feed.js';

const ChangesQuery = z.object({
  after: SeqQuery.default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const ChangesPage = z
  .object({
    changes: z.array(ChangeSchema),
    next: z.number().int().openapi({
      description: 'Pass as `after` to read on: the last `seq` returned, or `after` if none.',
    }),
  })
  .openapi('ChangesPage');

const listChangesRoute = createRoute({
  method: 'get',
  path: '/changes',
  summary: 'Read the change feed after a sequence number',
  description:
    'Oldest first. A secret key reads the whole tenant, a session token only its user. ' +
    'Changes appear once their transaction has committed and none before them can still appear.',
  request: { query: ChangesQuery },
  responses: {
    200: {
      description: 'A page of changes',
      content: { 'application/json': { schema: ChangesPage } },
    },
    ...errorResponses,
  },
});

/** `GET /changes`: the tenant's (or the session user's) change feed, for polling hosts. */
export function changeRoutes(ctx: ServerContext) {
  return createRouter().openapi(listChangesRoute, async (c) => {
    const auth = c.get('auth');
    const query = c.req.valid('query');
    const changes = await readFeed(ctx.sql, {
      tenantId: auth.tenantId,
      userId: visibleUserId(auth),
      afterSeq: query.after,
      limit: query.limit,
    });
    // Each type's data is written by the one place that appends it, as ChangeSchema lists.
    const typed = changes as unknown as ChangeOutput[];
    return c.json({ changes: typed, next: changes.at(-1)?.seq ?? query.after }, 200);
  });
}

import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { userBusy } from '../../services/availability.js';
import { findScopedUser, userScope } from '../auth.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { DateTimeString, errorResponses, ExternalUserId } from '../schemas/common.js';

/** Longest window one availability call covers. */
const MAX_WINDOW_DAYS = 62;

const BusySchema = z
  .object({ start: z.string(), end: z.string(), source: z.string() })
  .openapi('BusyPeriod');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

function window(from: string, to: string): { from: Date; to: Date } {
  const start = new Date(from);
  const end = new Date(to);
  if (end <= start) throw new ApiError(400, 'invalid_request', 'to must be after from');
  if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    throw new ApiError(400, 'invalid_request', `the window is limited to ${MAX_WINDOW_DAYS} days`);
  }
  return { from: start, to: end };
}

const availabilityRoute = createRoute({
  method: 'get',
  path: '/availability',
  summary: 'Busy time from every selected calendar plus the user’s appointments',
  request: {
    query: z
      .object({ user_id: ExternalUserId.optional(), from: DateTimeString, to: DateTimeString })
      .strict(),
  },
  responses: {
    200: json(
      z.object({ busy: z.array(BusySchema), fetched_at: z.string().nullable() }),
      'Busy periods',
    ),
    ...errorResponses,
  },
});

const checkRoute = createRoute({
  method: 'post',
  path: '/availability/check',
  summary: 'Is the user free for the whole of [start, end)?',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              user_id: ExternalUserId.optional(),
              start: DateTimeString,
              end: DateTimeString,
            })
            .strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(
      z.object({ free: z.boolean(), conflicts: z.array(BusySchema) }),
      'The answer and what overlaps',
    ),
    ...errorResponses,
  },
});

/** Availability: the availability cache plus appointments. */
export function availabilityRoutes(ctx: ServerContext) {
  return createRouter()
    .openapi(availabilityRoute, async (c) => {
      const query = c.req.valid('query');
      const range = window(query.from, query.to);
      const user = await findScopedUser(ctx, userScope(c.get('auth'), query.user_id));
      if (!user) return c.json({ busy: [], fetched_at: null }, 200);
      const { busy, fetchedAt } = await userBusy(ctx.sql, user.id, range.from, range.to);
      return c.json({ busy, fetched_at: fetchedAt?.toISOString() ?? null }, 200);
    })
    .openapi(checkRoute, async (c) => {
      const body = c.req.valid('json');
      const range = window(body.start, body.end);
      const user = await findScopedUser(ctx, userScope(c.get('auth'), body.user_id));
      if (!user) return c.json({ free: true, conflicts: [] }, 200);
      const { busy } = await userBusy(ctx.sql, user.id, range.from, range.to);
      return c.json({ free: busy.length === 0, conflicts: busy }, 200);
    });
}

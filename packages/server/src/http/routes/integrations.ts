import { createRoute, z } from '@hono/zod-openapi';
import { presentConflict } from '../../services/conflict-view.js';
import type { ServerContext } from '../../context.js';
import { updateIntegration } from '../../services/integration-update.js';
import { presentIntegrations } from '../../services/integration-view.js';
import {
  findCalendar,
  listCalendars,
  listCalendarsPage,
  updateCalendarSelection,
  type CalendarRow,
} from '../../store/calendars.js';
import { listConflicts } from '../../store/conflicts.js';
import {
  findConnection,
  listConnectionsPage,
  type ConnectionRow,
} from '../../store/connections.js';
import { listAttempts } from '../../store/sync-attempts.js';
import type { AuthContext } from '../env.js';
import { findScopedUser, userScope } from '../auth.js';
import { ApiError } from '../errors.js';
import { refuseOtherId } from '../body-id.js';
import { mergePatchBody, refuseNulls } from '../merge-patch.js';
import { decodeCursor, decodeInstantCursor, page } from '../pagination.js';
import { createRouter } from '../router.js';
import { errorResponses, ExternalUserId, listOf, PageQuery } from '../schemas/common.js';
import {
  CalendarSchema,
  ConflictSchema,
  IntegrationSchema,
  PatchIntegrationBody,
  SyncAttemptSchema,
  UpdateCalendarBody,
  UpdateIntegrationBody,
} from '../schemas/integration.js';

const IdParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const CalendarParams = IdParams.extend({
  calendar_id: z.uuid().openapi({ param: { name: 'calendar_id', in: 'path' } }),
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A connection the caller may see (its tenant; its user for a session token), else 404. */
export async function visibleConnection(
  ctx: ServerContext,
  auth: AuthContext,
  id: string,
): Promise<ConnectionRow> {
  const row = await findConnection(ctx.sql, id, auth.tenantId);
  if (!row || (auth.kind === 'session' && row.user_id !== auth.userId)) {
    throw new ApiError(404, 'not_found', 'No such integration.');
  }
  return row;
}

const listRoute = createRoute({
  method: 'get',
  path: '/calendar-integrations',
  summary: 'Connected accounts, oldest first',
  request: { query: PageQuery.extend({ user_id: ExternalUserId.optional() }).strict() },
  responses: { 200: json(listOf(IntegrationSchema), 'A page of integrations'), ...errorResponses },
});

const getRoute = createRoute({
  method: 'get',
  path: '/calendar-integrations/{id}',
  request: { params: IdParams },
  responses: { 200: json(IntegrationSchema, 'The integration'), ...errorResponses },
});

const updateRoute = createRoute({
  method: 'put',
  path: '/calendar-integrations/{id}',
  summary: 'Change settings; sync_enabled false pauses (settings kept)',
  description:
    'Left-out settings are unchanged. Takes what GET returns: read-only fields are accepted and ' +
    "ignored, an id other than the path's is a 400. A body that changes nothing writes nothing.",
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: UpdateIntegrationBody } }, required: true },
  },
  responses: {
    200: json(IntegrationSchema, 'The updated integration'),
    409: errorResponses[404],
    ...errorResponses,
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/calendar-integrations/{id}',
  summary: 'Change some settings (JSON merge patch, RFC 7396)',
  description:
    'Left out: unchanged. null clears video_platform; provider_calendar_id null is accepted ' +
    'only when there is no destination; any other null is a 400 naming the field. Read-only ' +
    "fields are accepted and ignored, an id other than the path's is a 400. sync_enabled " +
    'false pauses, true resumes a paused integration. A patch that changes nothing writes ' +
    'nothing. Answers the full integration, as GET does.',
  middleware: [refuseNulls(PatchIntegrationBody)] as const,
  request: { params: IdParams, body: mergePatchBody(PatchIntegrationBody) },
  responses: {
    200: json(IntegrationSchema, 'The updated integration'),
    409: errorResponses[404],
    ...errorResponses,
  },
});

const calendarsRoute = createRoute({
  method: 'get',
  path: '/calendar-integrations/{id}/calendars',
  summary: "The account's calendars, primary first, then by name",
  request: { params: IdParams, query: PageQuery.strict() },
  responses: { 200: json(listOf(CalendarSchema), 'A page of calendars'), ...errorResponses },
});

const updateCalendarRoute = createRoute({
  method: 'put',
  path: '/calendar-integrations/{id}/calendars/{calendar_id}',
  summary: 'Select a calendar for import, or make it the destination of exports',
  request: {
    params: CalendarParams,
    body: { content: { 'application/json': { schema: UpdateCalendarBody } }, required: true },
  },
  responses: { 200: json(CalendarSchema, 'The calendar'), ...errorResponses },
});

const conflictsRoute = createRoute({
  method: 'get',
  path: '/calendar-integrations/{id}/conflicts',
  request: {
    params: IdParams,
    query: PageQuery.extend({ status: z.enum(['open', 'resolved']).optional() }).strict(),
  },
  responses: {
    200: json(listOf(ConflictSchema), 'A page of conflicts, newest first'),
    ...errorResponses,
  },
});

const attemptsRoute = createRoute({
  method: 'get',
  path: '/calendar-integrations/{id}/sync-attempts',
  request: {
    params: IdParams,
    query: PageQuery.extend({
      status: z.enum(['running', 'success', 'fail', 'retrying']).optional(),
    }).strict(),
  },
  responses: {
    200: json(listOf(SyncAttemptSchema), 'A page of sync attempts, newest first'),
    ...errorResponses,
  },
});

/** A calendar as the API returns it. */
function calendarJson(row: CalendarRow): z.infer<typeof CalendarSchema> {
  return {
    id: row.id,
    provider_calendar_id: row.provider_calendar_id,
    name: row.name,
    role: row.role,
    access_role: row.access_role,
    time_zone: row.time_zone,
    selected: row.selected,
    destination: row.destination,
  };
}

/** Calendar integrations: the user's connected provider accounts. */
export function integrationRoutes(ctx: ServerContext) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const auth = c.get('auth');
      const query = c.req.valid('query');
      // A forged cursor is a 400 whether or not the user has anything yet.
      const after = decodeInstantCursor(query.cursor);
      let userId: string | null = null;
      if (auth.kind === 'session' || query.user_id !== undefined) {
        const user = await findScopedUser(ctx, userScope(auth, query.user_id));
        if (!user) return c.json({ data: [], next_cursor: null }, 200);
        userId = user.id;
      }
      const rows = await listConnectionsPage(ctx.sql, {
        tenantId: auth.tenantId,
        userId,
        limit: query.limit + 1,
        after,
      });
      const result = page(rows, query.limit, (r) => [r.created_at.toISOString(), r.id]);
      return c.json(
        {
          data: await presentIntegrations(ctx.sql, result.data),
          next_cursor: result.next_cursor,
        },
        200,
      );
    })
    .openapi(getRoute, async (c) => {
      const row = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      const [output] = await presentIntegrations(ctx.sql, [row]);
      return c.json(output!, 200);
    })
    .openapi(updateRoute, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      refuseOtherId(body.id, id);
      const current = await visibleConnection(ctx, c.get('auth'), id);
      const [output] = await presentIntegrations(ctx.sql, [
        await updateIntegration(ctx, current, body),
      ]);
      return c.json(output!, 200);
    })
    .openapi(patchRoute, async (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      refuseOtherId(patch.id, id);
      const current = await visibleConnection(ctx, c.get('auth'), id);
      // Every writable field is flat, so the patch is the update: left out is unchanged.
      const [output] = await presentIntegrations(ctx.sql, [
        await updateIntegration(ctx, current, patch),
      ]);
      return c.json(output!, 200);
    })
    .openapi(calendarsRoute, async (c) => {
      const query = c.req.valid('query');
      const [afterId] = decodeCursor(query.cursor, ['uuid']) ?? [];
      const connection = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      if (
        afterId !== undefined &&
        (await findCalendar(ctx.sql, afterId))?.connection_id !== connection.id
      ) {
        throw new ApiError(
          400,
          'invalid_request',
          'cursor names a calendar this account no longer has; list again from the start',
        );
      }
      const rows = await listCalendarsPage(ctx.sql, {
        connectionId: connection.id,
        limit: query.limit + 1,
        afterId: afterId ?? null,
      });
      const result = page(rows, query.limit, (r) => [r.id]);
      return c.json({ data: result.data.map(calendarJson), next_cursor: result.next_cursor }, 200);
    })
    .openapi(updateCalendarRoute, async (c) => {
      const params = c.req.valid('param');
      const body = c.req.valid('json');
      refuseOtherId(body.id, params.calendar_id);
      const connection = await visibleConnection(ctx, c.get('auth'), params.id);
      const calendars = await listCalendars(ctx.sql, connection.id);
      const target = calendars.find((cal) => cal.id === params.calendar_id);
      if (!target) throw new ApiError(404, 'not_found', 'No such calendar.');
      if (body.destination === false && target.destination) {
        throw new ApiError(
          400,
          'invalid_request',
          'body.destination: the destination cannot be cleared; make another calendar the destination',
        );
      }
      if (body.destination && !['owner', 'writer'].includes(target.access_role)) {
        throw new ApiError(400, 'invalid_request', 'the destination calendar must be writable');
      }
      const moves = body.destination === true && !target.destination;
      const selects = body.selected !== undefined && body.selected !== target.selected;
      if (!moves && !selects) return c.json(calendarJson(target), 200);
      const row = await ctx.sql.begin((tx) =>
        updateCalendarSelection(tx, {
          connectionId: connection.id,
          calendarId: target.id,
          ...(body.selected === undefined ? {} : { selected: body.selected }),
          ...(body.destination ? { destination: true } : {}),
          now: ctx.now(),
        }),
      );
      return c.json(calendarJson(row!), 200);
    })
    .openapi(conflictsRoute, async (c) => {
      const query = c.req.valid('query');
      const before = decodeInstantCursor(query.cursor);
      const connection = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      const rows = await listConflicts(ctx.sql, {
        connectionId: connection.id,
        status: query.status ?? null,
        limit: query.limit + 1,
        before,
      });
      const result = page(rows, query.limit, (r) => [r.detected_at.toISOString(), r.id]);
      return c.json(
        {
          data: result.data.map(presentConflict),
          next_cursor: result.next_cursor,
        },
        200,
      );
    })
    .openapi(attemptsRoute, async (c) => {
      const query = c.req.valid('query');
      const before = decodeInstantCursor(query.cursor);
      const connection = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      const rows = await listAttempts(ctx.sql, {
        connectionId: connection.id,
        status: query.status ?? null,
        limit: query.limit + 1,
        before,
      });
      const result = page(rows, query.limit, (r) => [r.started_at.toISOString(), r.id]);
      return c.json(
        {
          data: result.data.map((r) => ({
            id: r.id,
            operation: r.operation,
            status: r.status,
            error_class: r.error_class,
            error_message: r.error_message,
            correlation_id: r.correlation_id,
            attempt: r.attempt,
            items_processed: r.items_processed,
            started_at: r.started_at.toISOString(),
            finished_at: r.finished_at?.toISOString() ?? null,
          })),
          next_cursor: result.next_cursor,
        },
        200,
      );
    });
}

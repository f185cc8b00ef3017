import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { presentIntegrations } from '../../services/integration-view.js';
import { listCalendars, updateCalendarSelection } from '../../store/calendars.js';
import { listConflicts } from '../../store/conflicts.js';
import {
  findConnection,
  listConnections,
  updateConnectionSettings,
  type ConnectionRow,
} from '../../store/connections.js';
import { listAttempts } from '../../store/sync-attempts.js';
import { appendChange } from '../../store/changes.js';
import { pauseConnection, resumeConnection } from '../../sync/connection-lifecycle.js';
import type { AuthContext } from '../env.js';
import { findScopedUser, userScope } from '../auth.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { errorResponses, ExternalUserId } from '../schemas/common.js';
import {
  CalendarSchema,
  ConflictSchema,
  IntegrationSchema,
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
  request: { query: z.object({ user_id: ExternalUserId.optional() }).strict() },
  responses: {
    200: json(
      z.object({ data: z.array(IntegrationSchema), next_cursor: z.null() }),
      'Integrations',
    ),
    ...errorResponses,
  },
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
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: UpdateIntegrationBody } }, required: true },
  },
  responses: { 200: json(IntegrationSchema, 'The updated integration'), ...errorResponses },
});

const calendarsRoute = createRoute({
  method: 'get',
  path: '/calendar-integrations/{id}/calendars',
  request: { params: IdParams },
  responses: { 200: json(z.array(CalendarSchema), 'Calendars of the account'), ...errorResponses },
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
    query: z.object({ status: z.enum(['open', 'resolved']).optional() }).strict(),
  },
  responses: { 200: json(z.array(ConflictSchema), 'Conflicts, newest first'), ...errorResponses },
});

const attemptsRoute = createRoute({
  method: 'get',
  path: '/calendar-integrations/{id}/sync-attempts',
  request: {
    params: IdParams,
    query: z
      .object({ status: z.enum(['running', 'success', 'fail', 'retrying']).optional() })
      .strict(),
  },
  responses: {
    200: json(z.array(SyncAttemptSchema), 'Sync attempts, newest first'),
    ...errorResponses,
  },
});

/** Calendar integrations: the user's connected provider accounts. */
export function integrationRoutes(ctx: ServerContext) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const auth = c.get('auth');
      const query = c.req.valid('query');
      let userId: string | null = null;
      if (auth.kind === 'session' || query.user_id !== undefined) {
        const user = await findScopedUser(ctx, userScope(auth, query.user_id));
        if (!user) return c.json({ data: [], next_cursor: null }, 200);
        userId = user.id;
      }
      const rows = await listConnections(ctx.sql, { tenantId: auth.tenantId, userId });
      return c.json({ data: await presentIntegrations(ctx.sql, rows), next_cursor: null }, 200);
    })
    .openapi(getRoute, async (c) => {
      const row = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      const [output] = await presentIntegrations(ctx.sql, [row]);
      return c.json(output!, 200);
    })
    .openapi(updateRoute, async (c) => {
      const auth = c.get('auth');
      const current = await visibleConnection(ctx, auth, c.req.valid('param').id);
      const { provider_calendar_id: destination, ...settings } = c.req.valid('json');
      const row = await ctx.sql.begin(async (tx) => {
        if (destination !== undefined) {
          const calendars = await listCalendars(tx, current.id);
          const target = calendars.find((cal) => cal.provider_calendar_id === destination);
          if (!target)
            throw new ApiError(
              400,
              'invalid_request',
              'provider_calendar_id is not a calendar of this account',
            );
          if (!['owner', 'writer'].includes(target.access_role)) {
            throw new ApiError(400, 'invalid_request', 'the destination calendar must be writable');
          }
          await updateCalendarSelection(tx, {
            connectionId: current.id,
            calendarId: target.id,
            destination: true,
            now: ctx.now(),
          });
        }
        const updated = await updateConnectionSettings(tx, current.id, settings, ctx.now());
        if (!updated)
          throw new ApiError(409, 'integration_disconnected', 'The integration is disconnected.');
        const toggles =
          (settings.sync_enabled === false && updated.status !== 'paused') ||
          (settings.sync_enabled === true && updated.status === 'paused');
        // A pause or resume announces itself below; other changes are announced here.
        if (!toggles) {
          await appendChange(tx, {
            tenantId: updated.tenant_id,
            userId: updated.user_id,
            type: 'integration.updated',
            data: {
              id: updated.id,
              sync_status: updated.status,
              sync_enabled: updated.sync_enabled,
            },
          });
        }
        return updated;
      });
      // Disabling pauses sync and keeps every setting; enabling resumes a paused connection and
      // catches up what waited (pulls of its calendars, pushes held while paused).
      let result = row;
      if (settings.sync_enabled === false && row.status !== 'paused') {
        result = (await pauseConnection(ctx, row.id)) ?? row;
      } else if (settings.sync_enabled === true && row.status === 'paused') {
        result = (await resumeConnection(ctx, row.id)) ?? row;
      }
      const [output] = await presentIntegrations(ctx.sql, [result]);
      return c.json(output!, 200);
    })
    .openapi(calendarsRoute, async (c) => {
      const connection = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      const rows = await listCalendars(ctx.sql, connection.id);
      return c.json(
        rows.map((r) => ({
          id: r.id,
          provider_calendar_id: r.provider_calendar_id,
          name: r.name,
          role: r.role,
          access_role: r.access_role,
          time_zone: r.time_zone,
          selected: r.selected,
          destination: r.destination,
        })),
        200,
      );
    })
    .openapi(updateCalendarRoute, async (c) => {
      const params = c.req.valid('param');
      const body = c.req.valid('json');
      const connection = await visibleConnection(ctx, c.get('auth'), params.id);
      const calendars = await listCalendars(ctx.sql, connection.id);
      const target = calendars.find((cal) => cal.id === params.calendar_id);
      if (!target) throw new ApiError(404, 'not_found', 'No such calendar.');
      if (body.destination && !['owner', 'writer'].includes(target.access_role)) {
        throw new ApiError(400, 'invalid_request', 'the destination calendar must be writable');
      }
      const row = await ctx.sql.begin((tx) =>
        updateCalendarSelection(tx, {
          connectionId: connection.id,
          calendarId: target.id,
          ...(body.selected === undefined ? {} : { selected: body.selected }),
          ...(body.destination ? { destination: true } : {}),
          now: ctx.now(),
        }),
      );
      return c.json(
        {
          id: row!.id,
          provider_calendar_id: row!.provider_calendar_id,
          name: row!.name,
          role: row!.role,
          access_role: row!.access_role,
          time_zone: row!.time_zone,
          selected: row!.selected,
          destination: row!.destination,
        },
        200,
      );
    })
    .openapi(conflictsRoute, async (c) => {
      const connection = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      const rows = await listConflicts(ctx.sql, {
        connectionId: connection.id,
        status: c.req.valid('query').status ?? null,
      });
      return c.json(
        rows.map((r) => ({
          id: r.id,
          appointment_id: r.appointment_id,
          internal_version: r.internal_version,
          external_version: r.external_version,
          base_version: r.base_version,
          fields: r.fields,
          conflict_reason: r.conflict_reason,
          auto_resolution: r.auto_resolution,
          resolution: r.resolution,
          status: r.status,
          detected_at: r.detected_at.toISOString(),
          resolved_at: r.resolved_at?.toISOString() ?? null,
        })),
        200,
      );
    })
    .openapi(attemptsRoute, async (c) => {
      const connection = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      const rows = await listAttempts(ctx.sql, {
        connectionId: connection.id,
        status: c.req.valid('query').status ?? null,
      });
      return c.json(
        rows.map((r) => ({
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
        200,
      );
    });
}

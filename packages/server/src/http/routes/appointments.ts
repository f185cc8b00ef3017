import { createRoute, z } from '@hono/zod-openapi';
import { expandSeries, type SeriesOverride } from '@calsync/core';
import type { ServerContext } from '../../context.js';
import { patchedInput } from '../../services/appointment-patch.js';
import { presentAppointments, presentOccurrence } from '../../services/appointment-view.js';
import {
  cancelAppointment,
  updateAppointment,
  upsertAppointment,
} from '../../services/appointments.js';
import {
  findAppointment,
  listAppointments,
  rowContent,
  type AppointmentRow,
} from '../../store/appointments.js';
import { recordAudit } from '../../store/audit.js';
import { findScopedUser, requireSecretKey, userScope, visibleUserId } from '../auth.js';
import { ApiError } from '../errors.js';
import { refuseOtherId } from '../body-id.js';
import { mergePatchBody, refuseNulls } from '../merge-patch.js';
import { decodeCursor, encodeCursor } from '../pagination.js';
import { refuseRecurrenceOverLimits } from '../recurrence-limit.js';
import { createRouter } from '../router.js';
import {
  AppointmentSchema,
  CreateAppointmentBody,
  PatchAppointmentBody,
  UpdateAppointmentBody,
  type AppointmentOutput,
} from '../schemas/appointment.js';
import {
  DateTimeString,
  errorResponses,
  ExternalUserId,
  listOf,
  PageQuery,
} from '../schemas/common.js';

const IdParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const ListQuery = PageQuery.extend({
  user_id: ExternalUserId.optional(),
  from: DateTimeString.optional(),
  to: DateTimeString.optional(),
  include_deleted: z.enum(['true', 'false']).optional(),
  expand: z.enum(['true', 'false']).optional(),
  q: z.string().min(1).max(200).optional(),
}).strict();

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A recurrence past the server's limits: `recurrence_limit_exceeded`, `details.reason` names it. */
const RECURRENCE_REFUSED = {
  ...errorResponses[400],
  description:
    'The recurrence is refused (recurrence_limit_exceeded): too many EXDATE/RDATE values or rules, a sub-hourly or over-dense rule, an over-long BY* list, or a rule with no instance; details.reason names the limit',
};

const createAppointmentRoute = createRoute({
  method: 'post',
  path: '/appointments',
  summary: 'Create an appointment, or update the one with the same host_ref',
  request: {
    body: { content: { 'application/json': { schema: CreateAppointmentBody } }, required: true },
  },
  responses: {
    200: json(AppointmentSchema, 'Updated (host_ref already existed)'),
    201: json(AppointmentSchema, 'Created'),
    409: errorResponses[404],
    422: RECURRENCE_REFUSED,
    ...errorResponses,
  },
});

const listAppointmentsRoute = createRoute({
  method: 'get',
  path: '/appointments',
  summary: "List a user's appointments in a window, optionally expanded or searched",
  request: { query: ListQuery },
  responses: { 200: json(listOf(AppointmentSchema), 'A page of appointments'), ...errorResponses },
});

const getAppointmentRoute = createRoute({
  method: 'get',
  path: '/appointments/{id}',
  request: { params: IdParams },
  responses: { 200: json(AppointmentSchema, 'The appointment'), ...errorResponses },
});

const updateAppointmentRoute = createRoute({
  method: 'put',
  path: '/appointments/{id}',
  summary: 'Update: the writable fields (left-out optional ones kept); GET bodies are accepted',
  description:
    'Takes what GET returns: read-only fields (id, host_ref, user_id, video_meeting, source, ' +
    'sync_source, series_id, original_start, version, updated_at, deleted_at, links, an ' +
    "attendee's organizer) are accepted and ignored; an id other than the path's is a 400. " +
    'A body that changes nothing writes nothing.',
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: UpdateAppointmentBody } }, required: true },
  },
  responses: {
    200: json(AppointmentSchema, 'The updated appointment'),
    409: errorResponses[404],
    422: RECURRENCE_REFUSED,
    ...errorResponses,
  },
});

const patchAppointmentRoute = createRoute({
  method: 'patch',
  path: '/appointments/{id}',
  summary: 'Change some fields (JSON merge patch, RFC 7396)',
  description:
    'Left out: unchanged. null: cleared (description, location, meeting_url, time_zone only; ' +
    'any other null is a 400 naming the field). Arrays (attendees, recurrence) are replaced ' +
    'whole. The result is checked as a whole, like a PUT body; read-only fields are accepted ' +
    "and ignored, an id other than the path's is a 400. A patch that changes nothing writes " +
    'nothing. Answers the full appointment, as GET does.',
  middleware: [refuseNulls(PatchAppointmentBody)] as const,
  request: { params: IdParams, body: mergePatchBody(PatchAppointmentBody) },
  responses: {
    200: json(AppointmentSchema, 'The updated appointment'),
    409: errorResponses[404],
    422: RECURRENCE_REFUSED,
    ...errorResponses,
  },
});

const cancelAppointmentRoute = createRoute({
  method: 'delete',
  path: '/appointments/{id}',
  summary: 'Cancel: status cancelled, removed from external calendars',
  request: { params: IdParams },
  responses: { 200: json(AppointmentSchema, 'The cancelled appointment'), ...errorResponses },
});

const resyncAppointmentRoute = createRoute({
  method: 'post',
  path: '/appointments/{id}/resync',
  summary: 'Push the appointment to every connected calendar again (secret key only, audited)',
  request: { params: IdParams },
  responses: {
    202: json(z.object({ message: z.string() }), 'Resync scheduled'),
    ...errorResponses,
  },
});

/** Expands series rows into instances overlapping the window; overrides replace their slots. */
function expandPage(
  outputs: AppointmentOutput[],
  rows: AppointmentRow[],
  window: { from: Date; to: Date },
): AppointmentOutput[] {
  const overridesBySeries = new Map<string, SeriesOverride[]>();
  for (const row of rows) {
    if (!row.series_id || !row.original_start) continue;
    const list = overridesBySeries.get(row.series_id) ?? [];
    list.push({
      originalStart: row.original_start,
      time: rowContent(row).time,
      status: row.status,
    });
    overridesBySeries.set(row.series_id, list);
  }
  const result: AppointmentOutput[] = [];
  rows.forEach((row, i) => {
    const output = outputs[i]!;
    if (row.recurrence.length === 0) {
      result.push(output);
      return;
    }
    const expansion = expandSeries({
      time: rowContent(row).time,
      recurrence: { lines: row.recurrence },
      window: { startsAtUTC: window.from.toISOString(), endsAtUTC: window.to.toISOString() },
      overrides: overridesBySeries.get(row.id) ?? [],
      maxInstances: 5000,
    });
    for (const occurrence of expansion.occurrences) {
      // An overridden slot is listed as its own (override) appointment.
      if (!occurrence.overridden) result.push(presentOccurrence(output, occurrence));
    }
  });
  return result;
}

/** Appointments: the host's side of the sync. */
export function appointmentRoutes(ctx: ServerContext) {
  return createRouter()
    .openapi(createAppointmentRoute, async (c) => {
      const auth = c.get('auth');
      const body = c.req.valid('json');
      refuseRecurrenceOverLimits(body.recurrence);
      const scope = userScope(auth, body.user_id);
      const { row, created } = await upsertAppointment(ctx, scope, body);
      const [output] = await presentAppointments(ctx.sql, [row]);
      return c.json(output!, created ? 201 : 200);
    })
    .openapi(listAppointmentsRoute, async (c) => {
      const auth = c.get('auth');
      const query = c.req.valid('query');
      const scope = userScope(auth, query.user_id);
      // A forged cursor is a 400 whether or not the user has anything yet.
      const after = decodeCursor(query.cursor, ['instant', 'uuid']);
      const user = await findScopedUser(ctx, scope);
      if (!user) return c.json({ data: [], next_cursor: null }, 200);
      const from = query.from ? new Date(query.from) : null;
      const to = query.to ? new Date(query.to) : null;
      if (from && to && to <= from)
        throw new ApiError(400, 'invalid_request', 'to must be after from');
      const expand = query.expand === 'true';
      if (expand && (!from || !to)) {
        throw new ApiError(400, 'invalid_request', 'expand=true needs from and to');
      }
      const rows = await listAppointments(ctx.sql, {
        tenantId: scope.tenantId,
        userId: user.id,
        from,
        to,
        includeDeleted: query.include_deleted === 'true',
        text: query.q ?? null,
        limit: query.limit + 1,
        after: after ? { at: after[0]!, id: after[1]! } : null,
      });
      const pageRows = rows.slice(0, query.limit);
      const last = pageRows[pageRows.length - 1];
      const next =
        rows.length > query.limit && last
          ? encodeCursor([
              (last.starts_at ?? new Date(`${last.start_date ?? last.start_local}Z`)).toISOString(),
              last.id,
            ])
          : null;
      const outputs = await presentAppointments(ctx.sql, pageRows);
      const data = expand ? expandPage(outputs, pageRows, { from: from!, to: to! }) : outputs;
      return c.json({ data, next_cursor: next }, 200);
    })
    .openapi(getAppointmentRoute, async (c) => {
      const auth = c.get('auth');
      const row = await findAppointment(
        ctx.sql,
        auth.tenantId,
        c.req.valid('param').id,
        visibleUserId(auth),
      );
      if (!row) throw new ApiError(404, 'not_found', 'No such appointment.');
      const [output] = await presentAppointments(ctx.sql, [row]);
      return c.json(output!, 200);
    })
    .openapi(updateAppointmentRoute, async (c) => {
      const auth = c.get('auth');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      refuseOtherId(body.id, id);
      refuseRecurrenceOverLimits(body.recurrence);
      const row = await updateAppointment(
        ctx,
        { tenantId: auth.tenantId, id, userId: visibleUserId(auth) },
        body,
      );
      const [output] = await presentAppointments(ctx.sql, [row]);
      return c.json(output!, 200);
    })
    .openapi(patchAppointmentRoute, async (c) => {
      const auth = c.get('auth');
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      refuseOtherId(patch.id, id);
      refuseRecurrenceOverLimits(patch.recurrence);
      const row = await updateAppointment(
        ctx,
        { tenantId: auth.tenantId, id, userId: visibleUserId(auth) },
        (current) => patchedInput(current, patch),
      );
      const [output] = await presentAppointments(ctx.sql, [row]);
      return c.json(output!, 200);
    })
    .openapi(cancelAppointmentRoute, async (c) => {
      const auth = c.get('auth');
      const row = await cancelAppointment(ctx, {
        tenantId: auth.tenantId,
        id: c.req.valid('param').id,
        userId: visibleUserId(auth),
      });
      const [output] = await presentAppointments(ctx.sql, [row]);
      return c.json(output!, 200);
    })
    .openapi(resyncAppointmentRoute, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const id = c.req.valid('param').id;
      await ctx.sql.begin(async (tx) => {
        const row = await findAppointment(tx, auth.tenantId, id);
        if (!row) throw new ApiError(404, 'not_found', 'No such appointment.');
        await recordAudit(tx, {
          tenantId: auth.tenantId,
          actor: `key:${auth.keyId}`,
          action: 'appointment.resync',
          targetType: 'appointment',
          targetId: id,
        });
        await ctx.sync.appointmentChanged(tx, row, row.deleted_at ? 'deleted' : 'updated');
      });
      return c.json({ message: 'Resync scheduled' }, 202);
    });
}

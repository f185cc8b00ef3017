import { createRoute, z } from '@hono/zod-openapi';
import type { ConflictChoice, ContentField, EventContent } from '@calsync/core';
import { presentConflict } from '../../services/conflict-view.js';
import type { ServerContext } from '../../context.js';
import { recordAudit } from '../../store/audit.js';
import { disconnectConnection } from '../../sync/connection-lifecycle.js';
import { reprocessAttempt, NotReprocessableError } from '../../sync/reprocess.js';
import { ConflictNotOpenError, resolveConflictAndSync } from '../../sync/resolve-conflict.js';
import { syncStatus } from '../../sync/sync-status.js';
import { ConnectionNotSyncingError, triggerSync } from '../../sync/trigger-sync.js';
import { requireSecretKey } from '../auth.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { DateTimeString, errorResponses } from '../schemas/common.js';
import { ConflictSchema, SyncAttemptSchema } from '../schemas/integration.js';
import { requireSync, type AppServices } from '../services.js';
import { visibleConnection } from './integrations.js';

const IdParams = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const SyncBody = z
  .object({
    mode: z.enum(['incremental', 'full']).optional(),
    from: DateTimeString.optional(),
    to: DateTimeString.optional(),
  })
  .strict()
  .superRefine((v, c) => {
    if ((v.from === undefined) !== (v.to === undefined))
      c.addIssue({ code: 'custom', path: ['to'], message: 'from and to go together' });
    if (v.from && v.to && Date.parse(v.to) <= Date.parse(v.from))
      c.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  });

const syncRoute = createRoute({
  method: 'post',
  path: '/calendar-integrations/{id}/sync',
  summary: 'Sync now: incremental, full, or a full sync of a date range',
  request: {
    params: IdParams,
    body: { content: { 'application/json': { schema: SyncBody } }, required: false },
  },
  responses: {
    202: json(
      z.object({
        message: z.string(),
        sync_id: z.string(),
        taken_over: z
          .number()
          .int()
          .openapi({
            description:
              'Calendars whose running pull was stuck (its worker stopped heartbeating) and was ' +
              'cancelled so this sync runs now; a live pull is never cancelled (0).',
          }),
      }),
      'Sync initiated',
    ),
    409: errorResponses[404],
    ...errorResponses,
  },
});

const SyncStatusSchema = z
  .object({
    sync_status: z.enum(['active', 'paused', 'error', 'needs_reauth', 'disconnected']),
    status_reason: z.string().nullable(),
    last_sync_at: z.string().nullable(),
    next_sync_at: z.string().nullable(),
    progress: z
      .object({ phase: z.string(), done: z.number(), total: z.number().nullable() })
      .nullable(),
    recent_events: z.array(
      z.object({
        event_type: z.string(),
        direction: z.string(),
        status: z.string(),
        processed_at: z.string(),
      }),
    ),
    failed_events: z.number(),
    conflicts: z.number(),
    cursor: z.array(z.object({ calendar_id: z.string(), updated_at: z.string().nullable() })),
  })
  .openapi('SyncStatus');

const syncStatusRoute = createRoute({
  method: 'get',
  path: '/calendar-integrations/{id}/sync-status',
  request: { params: IdParams },
  responses: { 200: json(SyncStatusSchema, 'Where the sync stands'), ...errorResponses },
});

const ResolveBody = z
  .object({
    resolution: z.enum(['kept_internal', 'kept_external', 'merged', 'created_duplicate']),
    merged: z.record(z.string(), z.enum(['internal', 'external'])).optional(),
    reason: z.string().max(1000).optional(),
  })
  .strict()
  .openapi('ResolveConflict');

const resolveRoute = createRoute({
  method: 'post',
  path: '/calendar-integrations/{id}/conflicts/{conflict_id}/resolve',
  summary: 'Resolve a conflict; the result syncs to every calendar',
  request: {
    params: IdParams.extend({
      conflict_id: z.uuid().openapi({ param: { name: 'conflict_id', in: 'path' } }),
    }),
    body: { content: { 'application/json': { schema: ResolveBody } }, required: true },
  },
  responses: {
    200: json(ConflictSchema, 'The resolved conflict'),
    409: errorResponses[404],
    ...errorResponses,
  },
});

const reprocessRoute = createRoute({
  method: 'post',
  path: '/calendar-integrations/{id}/sync-attempts/{attempt_id}/reprocess',
  summary: 'Hand a failed attempt back to the queue (secret key only, audited)',
  request: {
    params: IdParams.extend({
      attempt_id: z.uuid().openapi({ param: { name: 'attempt_id', in: 'path' } }),
    }),
  },
  responses: {
    202: json(SyncAttemptSchema, 'Requeued'),
    409: errorResponses[404],
    ...errorResponses,
  },
});

const disconnectRoute = createRoute({
  method: 'delete',
  path: '/calendar-integrations/{id}',
  summary: 'Disconnect: stop sync, revoke tokens, delete credentials, keep appointments',
  request: { params: IdParams },
  responses: {
    200: json(z.object({ id: z.string(), sync_status: z.literal('disconnected') }), 'Disconnected'),
    ...errorResponses,
  },
});

const CONTENT_KEYS: readonly ContentField[] = [
  'title',
  'description',
  'location',
  'time',
  'recurrence',
  'attendees',
  'status',
  'meeting',
  'reminders',
  'transparency',
];

function choiceOf(body: z.infer<typeof ResolveBody>): ConflictChoice {
  switch (body.resolution) {
    case 'kept_internal':
      return { kind: 'keep_internal' };
    case 'kept_external':
      return { kind: 'keep_external' };
    case 'created_duplicate':
      return { kind: 'create_duplicate' };
    case 'merged': {
      const picks = body.merged ?? {};
      const unknown = Object.keys(picks).filter((k) => !CONTENT_KEYS.includes(k as ContentField));
      if (unknown.length)
        throw new ApiError(
          400,
          'invalid_request',
          `merged names unknown fields: ${unknown.join(', ')}`,
        );
      return {
        kind: 'merge',
        fields: picks as Partial<Record<keyof EventContent, 'internal' | 'external'>>,
      };
    }
  }
}

/** What users and admins do to an integration: sync, inspect, resolve, reprocess, disconnect. */
export function integrationActionRoutes(ctx: ServerContext, services: AppServices) {
  return createRouter()
    .openapi(syncRoute, async (c) => {
      const connection = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      const body = (c.req.valid('json') as z.infer<typeof SyncBody> | undefined) ?? {};
      try {
        const { syncId, takenOver } = await triggerSync(ctx, connection.id, {
          ...(body.mode ? { mode: body.mode } : {}),
          from: body.from ? new Date(body.from) : null,
          to: body.to ? new Date(body.to) : null,
        });
        const message =
          takenOver > 0
            ? `Sync initiated; took over ${takenOver} stuck pull${takenOver === 1 ? '' : 's'}`
            : 'Sync initiated';
        return c.json({ message, sync_id: syncId, taken_over: takenOver }, 202);
      } catch (error) {
        if (error instanceof ConnectionNotSyncingError)
          throw new ApiError(409, error.code, `The integration is ${error.status}.`);
        throw error;
      }
    })
    .openapi(syncStatusRoute, async (c) => {
      const connection = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      return c.json(await syncStatus(ctx, connection.id), 200);
    })
    .openapi(resolveRoute, async (c) => {
      const auth = c.get('auth');
      const params = c.req.valid('param');
      const connection = await visibleConnection(ctx, auth, params.id);
      const body = c.req.valid('json');
      try {
        const resolved = await resolveConflictAndSync(ctx, params.conflict_id, choiceOf(body), {
          connectionId: connection.id,
          reason: body.reason ?? null,
          resolvedBy: auth.kind === 'session' ? `user:${auth.externalUserId}` : `key:${auth.keyId}`,
        });
        return c.json(presentConflict(resolved), 200);
      } catch (error) {
        if (error instanceof ConflictNotOpenError)
          throw new ApiError(409, error.code, 'The conflict is not open.');
        throw error;
      }
    })
    .openapi(reprocessRoute, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const params = c.req.valid('param');
      const connection = await visibleConnection(ctx, auth, params.id);
      try {
        const attempt = await reprocessAttempt(ctx, params.attempt_id, {
          connectionId: connection.id,
        });
        await recordAudit(ctx.sql, {
          tenantId: auth.tenantId,
          actor: `key:${auth.keyId}`,
          action: 'sync_attempt.reprocess',
          targetType: 'sync_attempt',
          targetId: attempt.id,
        });
        return c.json(
          {
            id: attempt.id,
            operation: attempt.operation,
            status: attempt.status,
            error_class: attempt.error_class,
            error_message: attempt.error_message,
            correlation_id: attempt.correlation_id,
            attempt: attempt.attempt,
            items_processed: attempt.items_processed,
            started_at: attempt.started_at.toISOString(),
            finished_at: attempt.finished_at?.toISOString() ?? null,
          },
          202,
        );
      } catch (error) {
        if (error instanceof NotReprocessableError)
          throw new ApiError(409, error.code, error.message);
        throw error;
      }
    })
    .openapi(disconnectRoute, async (c) => {
      const connection = await visibleConnection(ctx, c.get('auth'), c.req.valid('param').id);
      const row = await disconnectConnection(requireSync(services), connection.id);
      return c.json({ id: row.id, sync_status: 'disconnected' as const }, 200);
    });
}

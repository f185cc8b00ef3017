import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { secretBinding } from '../../crypto/secret-binding.js';
import { PUBLIC_ONLY } from '../../net/address-policy.js';
import { resolveWithDns } from '../../net/guarded-lookup.js';
import { resolvedTargetRefusal } from '../../net/target-url.js';
import { recordAudit } from '../../store/audit.js';
import { listDeliveries } from '../../store/webhook-deliveries.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  listWebhookEndpoints,
  type WebhookEndpointRow,
} from '../../store/webhook-endpoints.js';
import { WEBHOOK_MAX_ATTEMPTS } from '../../webhooks/backoff.js';
import { settledHorizon } from '../../webhooks/feed.js';
import { generateWebhookSecret } from '../../webhooks/signing.js';
import { requireSecretKey } from '../auth.js';
import { ApiError } from '../errors.js';
import type { AppServices } from '../services.js';
import { decodeCursor, page } from '../pagination.js';
import { createRouter } from '../router.js';
import { ErrorSchema, errorResponses, listOf, PageQuery, UuidSchema } from '../schemas/common.js';
import { CHANGE_TYPES } from '../schemas/feed.js';
import { auditActor } from './audit.js';

const CreateEndpointBody = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
      .max(2000)
      .openapi({ example: 'https://host.example/calsync/webhooks' }),
    description: z.string().max(500).optional(),
    event_types: z
      .array(z.enum(CHANGE_TYPES))
      .max(CHANGE_TYPES.length)
      .default([])
      .openapi({ description: 'Only these types; empty or absent means every type.' }),
  })
  .strict()
  .openapi('CreateWebhookEndpoint');

const EndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string().nullable(),
    event_types: z.array(z.string()),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable(),
    created_at: z.string(),
    disabled_at: z.string().nullable(),
  })
  .openapi('WebhookEndpoint');

const CreatedEndpointSchema = EndpointSchema.extend({
  secret: z.string().openapi({
    example: 'whsec_…',
    description: 'The signing secret, shown only here: verify `webhook-signature` with it.',
  }),
}).openapi('CreatedWebhookEndpoint');

const DeliverySchema = z
  .object({
    id: z.uuid(),
    change_seq: z.number().int(),
    event_type: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    last_attempt_at: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    delivered_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi('WebhookDelivery');

const IdParam = z.object({ id: UuidSchema });

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const createRouteDef = createRoute({
  method: 'post',
  path: '/webhook-endpoints',
  summary: 'Register an outbound webhook endpoint (secret key only)',
  description:
    'Every change of the feed from now on (of the chosen types) is POSTed to the URL, signed per ' +
    `Standard Webhooks. Failed deliveries are retried ${WEBHOOK_MAX_ATTEMPTS - 1} times over ` +
    'about 27.6 hours (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). An endpoint to which a delivery ' +
    'failed every attempt, with nothing delivered since, is disabled. A URL on a loopback, ' +
    'private, link-local or otherwise non-public address (in any spelling, `localhost` ' +
    'included) is refused with 422 `webhook_url_not_allowed` unless the server allows that ' +
    'network; host names are checked each time a delivery connects.',
  request: {
    body: { content: { 'application/json': { schema: CreateEndpointBody } }, required: true },
  },
  responses: {
    201: json(CreatedEndpointSchema, 'The endpoint and its secret'),
    ...errorResponses,
    422: json(ErrorSchema, 'The URL points at an address this server does not call'),
  },
});

const listRouteDef = createRoute({
  method: 'get',
  path: '/webhook-endpoints',
  summary: 'List webhook endpoints (secret key only)',
  request: { query: PageQuery },
  responses: { 200: json(listOf(EndpointSchema), 'A page of endpoints'), ...errorResponses },
});

const getRouteDef = createRoute({
  method: 'get',
  path: '/webhook-endpoints/{id}',
  summary: 'One webhook endpoint (secret key only)',
  request: { params: IdParam },
  responses: { 200: json(EndpointSchema, 'The endpoint'), ...errorResponses },
});

const deleteRouteDef = createRoute({
  method: 'delete',
  path: '/webhook-endpoints/{id}',
  summary: 'Delete a webhook endpoint and its delivery log (secret key only)',
  request: { params: IdParam },
  responses: {
    200: json(z.object({ id: z.uuid(), deleted: z.literal(true) }), 'Deleted'),
    ...errorResponses,
  },
});

const deliveriesRouteDef = createRoute({
  method: 'get',
  path: '/webhook-endpoints/{id}/deliveries',
  summary: "An endpoint's delivery log, newest first (secret key only)",
  request: {
    params: IdParam,
    query: PageQuery.extend({ status: z.enum(['pending', 'delivered', 'failed']).optional() }),
  },
  responses: { 200: json(listOf(DeliverySchema), 'A page of deliveries'), ...errorResponses },
});

function endpointJson(row: WebhookEndpointRow) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.event_types,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    created_at: row.created_at.toISOString(),
    disabled_at: row.disabled_at?.toISOString() ?? null,
  };
}

function keysetCursor(cursor: string | undefined) {
  const key = decodeCursor(cursor, ['instant', 'uuid']);
  if (!key) return undefined;
  const [createdAt, id] = key as [string, string];
  return { createdAt, id };
}

const notFound = () => new ApiError(404, 'not_found', 'No such webhook endpoint.');

/** `/webhook-endpoints`: where the tenant's change feed is delivered as signed webhooks. */
export function webhookEndpointRoutes(ctx: ServerContext, services: AppServices = {}) {
  const policy = services.addressPolicy ?? PUBLIC_ONLY;
  return createRouter()
    .openapi(createRouteDef, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const body = c.req.valid('json');
      if (await resolvedTargetRefusal(body.url, policy, services.resolveHost ?? resolveWithDns)) {
        throw new ApiError(
          422,
          'webhook_url_not_allowed',
          'The URL points at a loopback, private or otherwise non-public address, which this ' +
            'server does not call. Use a public address (or ask the operator to allow the network).',
        );
      }
      const secret = generateWebhookSecret();
      // Start at the settled end of the feed: a change in flight now is older than the endpoint.
      const cursorSeq = await settledHorizon(ctx.sql, { maxWaitMs: 10_000 });
      if (cursorSeq === null) {
        throw new ApiError(503, 'unavailable', 'The feed is busy; try again in a moment.');
      }
      const id = randomUUID();
      const row = await ctx.sql.begin(async (tx) => {
        const created = await createWebhookEndpoint(tx, {
          id,
          tenantId: auth.tenantId,
          url: body.url,
          description: body.description ?? null,
          secretEnvelope: ctx.keyring.encrypt(
            secret,
            secretBinding.webhookEndpointSecret(auth.tenantId, id),
          ),
          eventTypes: body.event_types,
          cursorSeq,
          now: ctx.now(),
        });
        await recordAudit(tx, {
          tenantId: auth.tenantId,
          actor: auditActor(auth),
          action: 'webhook_endpoint.created',
          targetType: 'webhook_endpoint',
          targetId: created.id,
          details: { url: created.url, event_types: created.event_types },
          at: ctx.now(),
        });
        return created;
      });
      return c.json({ ...endpointJson(row), secret }, 201);
    })
    .openapi(listRouteDef, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const query = c.req.valid('query');
      const after = keysetCursor(query.cursor);
      const rows = await listWebhookEndpoints(ctx.sql, {
        tenantId: auth.tenantId,
        limit: query.limit,
        ...(after ? { after } : {}),
      });
      const result = page(rows, query.limit, (r) => [r.created_at.toISOString(), r.id]);
      return c.json({ data: result.data.map(endpointJson), next_cursor: result.next_cursor }, 200);
    })
    .openapi(getRouteDef, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const row = await findWebhookEndpoint(ctx.sql, auth.tenantId, c.req.valid('param').id);
      if (!row) throw notFound();
      return c.json(endpointJson(row), 200);
    })
    .openapi(deleteRouteDef, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const { id } = c.req.valid('param');
      await ctx.sql.begin(async (tx) => {
        if (!(await deleteWebhookEndpoint(tx, auth.tenantId, id))) throw notFound();
        await recordAudit(tx, {
          tenantId: auth.tenantId,
          actor: auditActor(auth),
          action: 'webhook_endpoint.deleted',
          targetType: 'webhook_endpoint',
          targetId: id,
          at: ctx.now(),
        });
      });
      return c.json({ id, deleted: true as const }, 200);
    })
    .openapi(deliveriesRouteDef, async (c) => {
      const auth = c.get('auth');
      requireSecretKey(auth);
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      if (!(await findWebhookEndpoint(ctx.sql, auth.tenantId, id))) throw notFound();
      const before = keysetCursor(query.cursor);
      const rows = await listDeliveries(ctx.sql, {
        tenantId: auth.tenantId,
        endpointId: id,
        limit: query.limit,
        ...(query.status ? { status: query.status } : {}),
        ...(before ? { before } : {}),
      });
      const result = page(rows, query.limit, (r) => [r.created_at.toISOString(), r.id]);
      const iso = (d: Date | null) => d?.toISOString() ?? null;
      return c.json(
        {
          data: result.data.map((r) => ({
            ...r,
            last_attempt_at: iso(r.last_attempt_at),
            next_attempt_at: iso(r.next_attempt_at),
            delivered_at: iso(r.delivered_at),
            created_at: r.created_at.toISOString(),
          })),
          next_cursor: result.next_cursor,
        },
        200,
      );
    });
}

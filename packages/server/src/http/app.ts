import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ServerContext } from '../context.js';
import { authenticate } from './auth.js';
import type { AppEnv } from './env.js';
import { badInputFromDatabase } from './database-input-errors.js';
import { ApiError, errorResponse } from './errors.js';
import { inputGuard } from './input-guard.js';
import { healthRoutes } from './health.js';
import { accessLog } from './access-log.js';
import { isDatabaseUnavailableError } from '../db/unavailable-errors.js';
import { DEFAULT_RATE_LIMIT, rateLimit } from './rate-limit.js';
import { requestId } from './request-id.js';
import { DEFAULT_WEBHOOK_RATE_LIMIT, sourceRateLimit } from './source-rate-limit.js';
import { httpMetrics } from '../metrics/http.js';
import { createRouter } from './router.js';
import { approvalRoutes } from './routes/approvals.js';
import { appointmentRoutes } from './routes/appointments.js';
import { connectRoutes } from './routes/connect.js';
import { connectBrowserRoutes } from './routes/connect-browser.js';
import { integrationActionRoutes } from './routes/integration-actions.js';
import type { AppServices } from './services.js';
import { availabilityRoutes } from './routes/availability.js';
import { integrationRoutes } from './routes/integrations.js';
import { sessionRoutes } from './routes/sessions.js';
import { auditRoutes } from './routes/audit.js';
import { changeRoutes } from './routes/changes.js';
import { metricsRoutes } from './routes/metrics.js';
import { streamRoutes } from './routes/stream.js';
import { userRoutes } from './routes/users.js';
import { videoMeetingRoutes } from './routes/video-meetings.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.js';

/** `Retry-After` of a 503 answered while the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Largest request body the API accepts. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The versioned, authenticated API; the SDK's types are generated from its OpenAPI document. */
function apiRoutes(ctx: ServerContext, services: AppServices) {
  const api = createRouter();
  api.use('*', authenticate(ctx));
  const budget = services.rateLimit ?? DEFAULT_RATE_LIMIT;
  api.use('*', rateLimit(budget, services.rateLimitStores?.('api', budget)));
  return api
    .route('/', sessionRoutes(ctx))
    .route('/', changeRoutes(ctx))
    .route('/', streamRoutes(ctx))
    .route('/', webhookEndpointRoutes(ctx, services))
    .route('/', auditRoutes(ctx))
    .route('/', userRoutes(ctx))
    .route('/', appointmentRoutes(ctx))
    .route('/', connectRoutes(ctx, services))
    .route('/', integrationRoutes(ctx))
    .route('/', integrationActionRoutes(ctx, services))
    .route('/', approvalRoutes(ctx))
    .route('/', availabilityRoutes(ctx))
    .route('/', videoMeetingRoutes(ctx, services));
}

/**
 * Builds the Calsync HTTP app: request ids on every response, the error envelope for every
 * error (never a stack trace), a body size limit, CORS for the configured origins, `/healthz`,
 * `/readyz`, the API under `/api/v1` and its OpenAPI 3.1 document at `/api/v1/openapi.json`.
 *
 * @example
 * const app = createApp(ctx);
 * serve({ fetch: app.fetch, port: 8787 });
 */
export function createApp(ctx: ServerContext, services: AppServices = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.use('*', requestId());
  app.use('*', accessLog(ctx.logger));
  app.use('*', httpMetrics());
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      return errorResponse(c, error.status, error.code, error.message, error.details);
    }
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own 4xx (malformed JSON, wrong content type): same envelope.
      const code = error.status === 400 ? 'invalid_request' : 'http_error';
      return errorResponse(c, error.status, code, error.message || 'Bad request');
    }
    if (isDatabaseUnavailableError(error)) {
      // Nothing was done, or a transaction rolled back with the connection: safe to repeat.
      ctx.logger.warn({ request_id: c.get('requestId'), path: c.req.path }, 'database unavailable');
      c.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      return errorResponse(
        c,
        503,
        'database_unavailable',
        'The database is unavailable; retry shortly.',
        { request_id: c.get('requestId') },
      );
    }
    const badInput = badInputFromDatabase(error);
    if (badInput) {
      // The database refused a value the validation let through: the caller's input, so a 400,
      // logged so the missing check gets added (without the query's parameters: no secrets).
      ctx.logger.warn(
        { details: badInput.details, request_id: c.get('requestId'), path: c.req.path },
        'database refused request input',
      );
      return errorResponse(c, 400, badInput.code, badInput.message, badInput.details);
    }
    ctx.logger.error({ err: error, request_id: c.get('requestId') }, 'unhandled error');
    return errorResponse(c, 500, 'internal_error', 'Something went wrong; quote the request id.', {
      request_id: c.get('requestId'),
    });
  });
  app.notFound((c) =>
    errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`),
  );
  app.route('/', healthRoutes(ctx.sql, services.readiness));
  app.route('/', metricsRoutes(ctx));
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (ctx.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Last-Event-ID'],
      // What a browser client reads: the request id to quote, and how long to wait after a 429.
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      maxAge: 600,
    }),
  );
  // Provider webhooks are reached without credentials: budgeted per source address, before the
  // body is read or the database asked.
  app.use(
    '/api/v1/webhooks/*',
    sourceRateLimit(
      services.webhookRateLimit ?? DEFAULT_WEBHOOK_RATE_LIMIT,
      services.trustedProxies,
      services.rateLimitStores?.(
        'webhook',
        services.webhookRateLimit ?? DEFAULT_WEBHOOK_RATE_LIMIT,
      ),
    ),
  );
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        errorResponse(
          c,
          413,
          'payload_too_large',
          `Bodies are limited to ${MAX_BODY_BYTES} bytes.`,
        ),
    }),
  );
  // After the body limit (an oversized body is 413 before it is read), before every route.
  app.use('/api/*', inputGuard());
  const api = apiRoutes(ctx, services);
  // Reached without a bearer token: the OAuth start and redirect pages (authenticated by a
  // single-use ticket, then by the state and the browser's cookie) and provider webhooks
  // (verified by channel token / clientState).
  app.route('/api/v1', connectBrowserRoutes(ctx, services));
  // Either flavour of router mounts the same way; only the variables its handlers read differ.
  for (const routes of services.publicRoutes ?? []) app.route('/api/v1', routes as Hono<Env>);
  // Public, and registered before the API so its authentication does not apply.
  app.get('/api/v1/openapi.json', (c) =>
    c.json(
      api.getOpenAPI31Document({
        openapi: '3.1.0',
        info: { title: 'Calsync API', version: '1.0.0' },
        servers: [{ url: `${ctx.baseUrl}/api/v1` }],
      }),
    ),
  );
  app.route('/api/v1', api);
  return app;
}

import { Hono } from 'hono';
import type { ServerContext } from '../context.js';
import { accessLog } from './access-log.js';
import { errorResponse } from './errors.js';
import { healthRoutes, type ReadinessCheck } from './health.js';
import { requestId } from './request-id.js';
import { metricsRoutes } from './routes/metrics.js';

/**
 * The operations endpoints alone — `/healthz`, `/readyz`, `/metrics` — for a process that serves
 * no API (a worker), on a port of its own. The same handlers, token and access log as the API's.
 *
 * @example
 * const ops = createOpsApp(ctx, [() => (boss.stopped ? 'job queue stopped' : undefined)]);
 * serve({ fetch: ops.fetch, port: 9464 });
 */
export function createOpsApp(ctx: ServerContext, readiness: readonly ReadinessCheck[] = []): Hono {
  const app = new Hono();
  app.use('*', requestId());
  app.use('*', accessLog(ctx.logger));
  app.onError((error, c) => {
    ctx.logger.error({ err: error, request_id: c.get('requestId' as never) }, 'unhandled error');
    return errorResponse(c, 500, 'internal_error', 'Something went wrong.');
  });
  app.notFound((c) =>
    errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`),
  );
  app.route('/', healthRoutes(ctx.sql, readiness));
  app.route('/', metricsRoutes(ctx));
  return app;
}

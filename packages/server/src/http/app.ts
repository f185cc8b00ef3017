import { Hono } from 'hono';
import type { SQL } from '../db/connect.js';
import type { Logger } from '../logging.js';
import { ApiError, errorResponse } from './errors.js';
import { healthRoutes } from './health.js';
import { requestId, type RequestIdVariables } from './request-id.js';

/** What the HTTP app needs. */
export interface AppDependencies {
  sql: SQL;
  logger: Logger;
}

/**
 * Builds the Calsync HTTP app. Every response carries `x-request-id`; every error is the API's
 * envelope, never a stack trace.
 *
 * @example
 * const app = createApp({ sql, logger });
 * serve({ fetch: app.fetch, port: 8787 });
 */
export function createApp(deps: AppDependencies): Hono<{ Variables: RequestIdVariables }> {
  const app = new Hono<{ Variables: RequestIdVariables }>();
  app.use('*', requestId());
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      return errorResponse(c, error.status, error.code, error.message, error.details);
    }
    deps.logger.error({ err: error, request_id: c.get('requestId') }, 'unhandled error');
    return errorResponse(c, 500, 'internal_error', 'Something went wrong; quote the request id.', {
      request_id: c.get('requestId'),
    });
  });
  app.notFound((c) =>
    errorResponse(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}`),
  );
  app.route('/', healthRoutes(deps.sql));
  return app;
}

import type { MiddlewareHandler } from 'hono';
import { httpRequestDurationSeconds } from './registry.js';

/**
 * Times every request into `calsync_http_request_duration_seconds`, labelled by the matched
 * route pattern (never the raw path, so ids do not explode the label set).
 *
 * @example
 * app.use('*', httpMetrics());
 */
export function httpMetrics(clock: () => number = () => performance.now()): MiddlewareHandler {
  return async (c, next) => {
    const startedMs = clock();
    try {
      await next();
    } finally {
      httpRequestDurationSeconds.observe(
        {
          method: c.req.method,
          route: c.req.routePath || 'unmatched',
          status: String(c.res.status),
        },
        (clock() - startedMs) / 1000,
      );
    }
  };
}

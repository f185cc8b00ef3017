import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logging.js';

/** Probe paths, logged at `debug` so a scrape or a liveness check every few seconds is no noise. */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One `request` log line per HTTP request once it is answered: method, path (never the query
 * string, which may carry OAuth codes or state), status, duration in milliseconds and the
 * request id. No headers, so no tokens. Probes are logged at `debug`, the rest at `info`.
 *
 * @example
 * app.use('*', requestId());
 * app.use('*', accessLog(logger));
 */
export function accessLog(
  logger: Logger,
  clock: () => number = () => performance.now(),
): MiddlewareHandler {
  return async (c, next) => {
    const startedMs = clock();
    try {
      await next();
    } finally {
      const line = {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        duration_ms: Math.round((clock() - startedMs) * 10) / 10,
        request_id: (c.get as (key: string) => unknown)('requestId'),
      };
      if (PROBE_PATHS.has(c.req.path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    }
  };
}

import { Hono } from 'hono';
import type { ServerContext } from '../../context.js';
import { secretsEqual } from '../../crypto/secrets.js';
import { refreshDatabaseMetrics } from '../../metrics/database.js';
import { databaseUp, metricsRegistry } from '../../metrics/registry.js';
import { errorResponse } from '../errors.js';

/** Options of {@link metricsRoutes}. */
export interface MetricsOptions {
  /**
   * When set, `/metrics` wants `Authorization: Bearer <token>`; default `CALSYNC_METRICS_TOKEN`.
   * Unset, it is open: the metrics carry no tenant or user data, only counts by provider,
   * operation and queue. Set it whenever the port is reachable from outside your network.
   */
  token?: string | undefined;
}

/**
 * `GET /metrics`: Prometheus text — sync attempts, sync lag, queue depth, webhook latency and
 * delivery, HTTP durations.
 *
 * @example
 * app.route('/', metricsRoutes(ctx));
 */
export function metricsRoutes(
  ctx: ServerContext,
  options: MetricsOptions = { token: process.env.CALSYNC_METRICS_TOKEN },
): Hono {
  const token = options.token || undefined;
  return new Hono().get('/metrics', async (c) => {
    if (token) {
      const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (!given || !secretsEqual(given, token)) {
        return errorResponse(c, 401, 'unauthorized', 'Send Authorization: Bearer <metrics token>.');
      }
    }
    // With the database down the process's own metrics still matter: served, with the gauges
    // from the database as of the last scrape that reached it, and calsync_database_up 0.
    try {
      await refreshDatabaseMetrics(ctx.sql, ctx.now());
      databaseUp.set(1);
    } catch (error) {
      databaseUp.set(0);
      ctx.logger.debug({ err: error }, 'metrics: database not reached');
    }
    return c.body(await metricsRegistry.metrics(), 200, {
      'content-type': metricsRegistry.contentType,
    });
  });
}

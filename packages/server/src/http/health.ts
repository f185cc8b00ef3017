import { Hono } from 'hono';
import type { SQL } from '../db/connect.js';
import { isSchemaCurrent } from '../store/migrate.js';

/**
 * A readiness check beyond the database: undefined when ready, else the reason it is not
 * (`job queue stopped`, `no queue is being worked`). Checked after the database answered.
 */
export type ReadinessCheck = () => string | undefined;

/**
 * `/healthz`: the process is up. `/readyz`: the database answers, every migration is applied and
 * every extra check passes — what a load balancer or orchestrator should wait for before sending
 * traffic or counting the process as working. Not ready: 503 `{status:'not_ready', reason}`.
 *
 * @example
 * app.route('/', healthRoutes(sql, [() => (boss.stopped ? 'job queue stopped' : undefined)]));
 */
export function healthRoutes(sql: SQL, checks: readonly ReadinessCheck[] = []): Hono {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        const current = await isSchemaCurrent(sql);
        if (!current) return c.json({ status: 'not_ready', reason: 'migrations pending' }, 503);
      } catch {
        return c.json({ status: 'not_ready', reason: 'database unreachable' }, 503);
      }
      for (const check of checks) {
        const reason = check();
        if (reason !== undefined) return c.json({ status: 'not_ready', reason }, 503);
      }
      return c.json({ status: 'ready' });
    });
}

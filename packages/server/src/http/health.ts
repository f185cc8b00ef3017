import { Hono } from 'hono';
import type { SQL } from '../db/connect.js';
import { isSchemaCurrent } from '../store/migrate.js';

/**
 * `/healthz`: the process is up. `/readyz`: the database answers and every migration is applied —
 * what a load balancer should wait for before sending traffic.
 */
export function healthRoutes(sql: SQL): Hono {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) => {
      try {
        const current = await isSchemaCurrent(sql);
        if (!current) return c.json({ status: 'not_ready', reason: 'migrations pending' }, 503);
        return c.json({ status: 'ready' });
      } catch {
        return c.json({ status: 'not_ready', reason: 'database unreachable' }, 503);
      }
    });
}

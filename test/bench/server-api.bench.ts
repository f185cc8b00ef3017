import { serve } from '@hono/node-server';
import {
  connectDatabase,
  createApiKey,
  createApp,
  createConnection,
  sealCredentials,
  createTenant,
  upsertCalendars,
  upsertUser,
} from '@calsync/server';
import { createTestContext, createTestDatabase, setup, teardown } from '@calsync/server/testing';
import { afterAll, beforeAll, test } from 'vitest';
import { runLoad } from './support/load.js';
import { recordLoad } from './support/record-load.js';
import { randomUUID } from 'node:crypto';

const DURATION_MS = 5000;
const CONCURRENCY = 32;
const CONTEXT = {
  bench: 'Server API (real server and Postgres)',
  notes: `concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s, no API rate limit`,
};

beforeAll(setup, 120_000);
afterAll(teardown);

test('server API: GET sync-status and POST appointments on the real server and Postgres', async () => {
  const db = await createTestDatabase();
  // A production-sized pool, not the small one test files get.
  const sql = connectDatabase(db.url, { max: 16 });
  const t = await createTestContext(db, { sql });
  const app = createApp(t.ctx, { rateLimit: { ratePerSecond: 1e9, burst: 1e9 } });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
  try {
    const tenant = await createTenant(db.sql, 'Bench');
    const key = (await createApiKey(db.sql, tenant.id)).secret_key;
    const user = await upsertUser(db.sql, tenant.id, 'bench-user');
    const connectionId = randomUUID();
    const connection = await createConnection(db.sql, {
      id: connectionId,
      tenantId: tenant.id,
      userId: user.id,
      provider: 'google',
      accountEmail: 'bench@example.com',
      credentials: sealCredentials(t.ctx.keyring, { id: connectionId, tenant_id: tenant.id }, {})
        .envelope,
      credentialsKeyId: t.ctx.keyring.currentKeyId,
      accessTokenExpiresAt: null,
      now: t.ctx.now(),
    });
    await upsertCalendars(db.sql, {
      tenantId: tenant.id,
      connectionId: connection.id,
      calendars: [
        {
          calendarId: 'primary',
          name: 'Primary',
          primary: true,
          accessRole: 'owner',
          timeZone: 'UTC',
          color: null,
        },
      ],
      now: t.ctx.now(),
    });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const status = await runLoad(
      async () => {
        const res = await fetch(`${base}/calendar-integrations/${connection.id}/sync-status`, {
          headers,
        });
        await res.arrayBuffer();
        return res.status === 200;
      },
      { durationMs: DURATION_MS, concurrency: CONCURRENCY },
    );
    recordLoad('GET /calendar-integrations/{id}/sync-status', status, CONTEXT);
    const create = await runLoad(
      async (n) => {
        const res = await fetch(`${base}/appointments`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            host_ref: `bench-${n}`,
            user_id: 'bench-user',
            title: `Booking ${n}`,
            start: new Date(Date.UTC(2026, 6, 1, 9) + n * 60_000).toISOString(),
            end: new Date(Date.UTC(2026, 6, 1, 9, 30) + n * 60_000).toISOString(),
            time_zone: 'Europe/Berlin',
            attendees: [{ email: `guest${n}@example.com` }],
          }),
        });
        await res.arrayBuffer();
        return res.status === 201;
      },
      { durationMs: DURATION_MS, concurrency: CONCURRENCY },
    );
    recordLoad('POST /appointments (create, change feed, push hook)', create, CONTEXT);
  } finally {
    server.close();
    await t.close();
    await sql.end();
    await db.drop();
  }
});

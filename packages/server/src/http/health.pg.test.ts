import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../db/connect.js';
import { createLogger } from '../logging.js';
import { createTenantFixture } from '../testing/tenant-fixture.js';
import { createOpsApp } from './ops-app.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createApp } from './app.js';

describe('health and readiness', () => {
  let db: TestDatabase;
  let t: TestContext;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('is ready on a migrated database and echoes the request id', async () => {
    const app = createApp(t.ctx);
    const res = await app.request('/readyz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
  });

  it('is not ready while migrations are pending', async () => {
    await db.sql.unsafe(`create database "${db.name}_bare"`);
    const url = new URL(db.url);
    url.pathname = `/${db.name}_bare`;
    const bare = connectDatabase(url.toString(), { max: 1 });
    try {
      const res = await createApp({ ...t.ctx, sql: bare }).request('/readyz');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ reason: 'migrations pending' });
    } finally {
      await bare.end();
      await db.sql.unsafe(`drop database "${db.name}_bare" with (force)`);
    }
  });

  it('is not ready when the database is unreachable', async () => {
    const dead = connectDatabase('postgres://x:y@127.0.0.1:1/none', { max: 1 });
    const res = await createApp({ ...t.ctx, sql: dead }).request('/readyz');
    expect(res.status).toBe(503);
    await dead.end();
  });

  it('answers unknown routes with the error envelope and a generated request id', async () => {
    const res = await createApp(t.ctx).request('/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /nope' },
    });
  });

  it('is not ready while a readiness check names a reason, on the API and the operations app', async () => {
    let reason: string | undefined = 'job queue stopped';
    const checks = [() => reason];
    for (const app of [createApp(t.ctx, { readiness: checks }), createOpsApp(t.ctx, checks)]) {
      reason = 'job queue stopped';
      const res = await app.request('/readyz');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not_ready', reason: 'job queue stopped' });
      reason = undefined;
      expect((await app.request('/readyz')).status).toBe(200);
    }
  });

  it('answers 503 database_unavailable with Retry-After, not 500, while the database is unreachable', async () => {
    const acme = await createTenantFixture(db.sql, 'Outage', t.clock.now);
    const dead = connectDatabase('postgres://x:y@127.0.0.1:1/none', { max: 1 });
    try {
      const app = createApp({ ...t.ctx, sql: dead });
      const headers = {
        authorization: `Bearer ${acme.secretKey}`,
        'content-type': 'application/json',
      };
      const read = await app.request('/api/v1/audit', { headers });
      const write = await app.request('/api/v1/sessions', {
        method: 'POST',
        headers,
        body: JSON.stringify({ user_id: 'ada' }),
      });
      for (const res of [read, write]) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
        expect(await res.json()).toMatchObject({
          error: { code: 'database_unavailable', details: { request_id: expect.any(String) } },
        });
      }
      // The operations endpoints still answer: the process's own metrics matter most now.
      const metrics = await createOpsApp({ ...t.ctx, sql: dead }).request('/metrics');
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('calsync_database_up 0');
    } finally {
      await dead.end();
    }
  });

  it('logs one access line per request: method, path without the query, status, duration, request id', async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination });
    const app = createApp({ ...t.ctx, logger });
    await app.request('/api/v1/nothing-here?code=oauth-secret', {
      headers: { 'x-request-id': 'req-1', authorization: 'Bearer sk_not_logged' },
    });
    await app.request('/readyz');
    const access = lines.filter((l) => l.msg === 'request');
    expect(access).toEqual([
      expect.objectContaining({
        level: 'info',
        method: 'GET',
        path: '/api/v1/nothing-here',
        status: 401,
        duration_ms: expect.any(Number),
        request_id: 'req-1',
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('oauth-secret');
    expect(JSON.stringify(lines)).not.toContain('sk_not_logged');
  });
});

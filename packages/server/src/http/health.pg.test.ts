import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../db/connect.js';
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
});

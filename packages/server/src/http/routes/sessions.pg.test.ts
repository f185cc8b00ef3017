import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../store/api-keys.js';
import { createTenant } from '../../store/tenants.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createApp } from '../app.js';

describe('auth and sessions', () => {
  let db: TestDatabase;
  let t: TestContext;
  let key: string;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    const tenant = await createTenant(db.sql, 'Acme');
    key = (await createApiKey(db.sql, tenant.id)).secret_key;
    app = createApp(t.ctx);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  const post = (path: string, body: unknown, token = key) =>
    app.request(`/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('mints a session token that expires after its TTL', async () => {
    const res = await post('/sessions', { user_id: 'u1', ttl_seconds: 600 });
    expect(res.status).toBe(201);
    const { id, token, expires_at } = (await res.json()) as {
      id: string;
      token: string;
      expires_at: string;
    };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(token).toMatch(/^cst_/);
    expect(expires_at).toBe('2026-06-01T09:10:00.000Z');
    // A session token cannot mint sessions.
    expect((await post('/sessions', { user_id: 'u1' }, token)).status).toBe(403);
    t.clock.advance(601_000);
    const expired = await post('/sessions', { user_id: 'u1' }, token);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 'unauthorized' } });
    t.clock.advance(-601_000);
  });

  it.each([
    ['no header', undefined],
    ['an unknown key', 'sk_nope'],
    ['garbage', 'hello'],
  ])('refuses %s with 401', async (_label, token) => {
    const res = await app.request('/api/v1/sessions', {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    expect(res.status).toBe(401);
  });

  it.each([
    ['unknown fields', { user_id: 'u1', admin: true }, 'body: unknown field: admin'],
    ['a missing user', {}, 'body.user_id'],
    ['a TTL too long', { user_id: 'u1', ttl_seconds: 10 ** 6 }, 'body.ttl_seconds'],
  ])('rejects %s with 400 invalid_request', async (_label, body, message) => {
    const res = await post('/sessions', body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe('invalid_request');
    expect(json.error.message).toContain(message);
  });

  it('rejects malformed JSON and oversized bodies without a 5xx', async () => {
    expect((await post('/sessions', '{"user_id":')).status).toBe(400);
    const huge = JSON.stringify({ user_id: 'u1', pad: 'x'.repeat(300 * 1024) });
    expect((await post('/sessions', huge)).status).toBe(413);
  });

  it('answers CORS preflight for configured origins only', async () => {
    const preflight = (origin: string) =>
      app.request('/api/v1/sessions', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect(
      (await preflight('http://host.example')).headers.get('access-control-allow-origin'),
    ).toBe('http://host.example');
    expect(
      (await preflight('http://evil.example')).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });

  it('serves an OpenAPI 3.1 document of the API', async () => {
    const res = await app.request('/api/v1/openapi.json');
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/sessions');
    expect(Object.keys(doc.paths['/sessions/{id}'] ?? {})).toEqual(['delete']);
  });
});

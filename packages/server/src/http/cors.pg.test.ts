import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../store/api-keys.js';
import { createTenant } from '../store/tenants.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createApp } from './app.js';

const ORIGIN = 'http://host.example';

/** The names a response lets a browser read, lower-cased. */
function exposed(res: Response): string[] {
  return (res.headers.get('access-control-expose-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
}

describe('CORS over real HTTP: a browser on an allowed origin can PATCH and read what it needs', () => {
  let db: TestDatabase;
  let t: TestContext;
  let server: ServerType;
  let base: string;
  let secretKey: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db, { corsOrigins: [ORIGIN] });
    // One request, then one per thousand seconds: the second call is refused with Retry-After.
    const app = createApp(t.ctx, { rateLimit: { ratePerSecond: 0.001, burst: 1 } });
    secretKey = (await createApiKey(db.sql, (await createTenant(db.sql, 'Acme')).id)).secret_key;
    base = await new Promise<string>((resolve, reject) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve(`http://127.0.0.1:${info.port}/api/v1`),
      );
      server.once('error', reject);
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
    await db.drop();
  });

  it('answers a preflight for PATCH with a merge-patch body', async () => {
    const res = await fetch(`${base}/appointments/00000000-0000-4000-8000-000000000000`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'content-type',
    );
  });

  it('exposes X-Request-Id and Retry-After on the actual requests, a 429 included', async () => {
    const call = () =>
      fetch(`${base}/calendar-integrations`, {
        headers: { origin: ORIGIN, authorization: `Bearer ${secretKey}` },
      });
    const first = await call();
    expect(first.status).toBe(200);
    expect(first.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(exposed(first)).toEqual(expect.arrayContaining(['x-request-id', 'retry-after']));
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(exposed(limited)).toEqual(expect.arrayContaining(['x-request-id', 'retry-after']));
  });

  it('gives another origin no CORS headers', async () => {
    const res = await fetch(`${base}/openapi.json`, { headers: { origin: 'http://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

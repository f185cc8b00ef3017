import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../store/api-keys.js';
import { createTenant } from '../store/tenants.js';
import { apiClient } from '../testing/api-client.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createApp } from './app.js';

describe('per-credential rate limits', () => {
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

  it('answers 429 with Retry-After past the burst, per key, and refills with time', async () => {
    let nowMs = 0;
    const app = createApp(t.ctx, { rateLimit: { ratePerSecond: 1, burst: 3, nowMs: () => nowMs } });
    const tenant = await createTenant(db.sql, 'Acme');
    const noisy = apiClient(app, (await createApiKey(db.sql, tenant.id)).secret_key);
    const quiet = apiClient(app, (await createApiKey(db.sql, tenant.id)).secret_key);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await noisy.get('/changes')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await noisy.get<{ error: { code: string } }>('/changes');
    expect(limited.body.error.code).toBe('rate_limited');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await quiet.get('/changes')).status).toBe(200);
    nowMs += 1000;
    expect((await noisy.get('/changes')).status).toBe(200);
  });
});

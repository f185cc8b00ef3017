import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../store/api-keys.js';
import { createTenant } from '../store/tenants.js';
import { apiClient } from '../testing/api-client.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { connectDatabase } from '../db/connect.js';
import { SharedLimits } from '../limits/shared-limits.js';
import { sharedRateLimitStores } from '../limits/shared-rate-limit-stores.js';
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

  it('holds one budget per credential across API processes when the buckets are shared', async () => {
    const pools = [connectDatabase(db.url, { max: 2 }), connectDatabase(db.url, { max: 2 })];
    try {
      // One app per process, each with its own pool; a refill of one token per 1000 s.
      const budget = { ratePerSecond: 0.001, burst: 3 };
      const tenant = await createTenant(db.sql, 'Shared');
      const { secret_key } = await createApiKey(db.sql, tenant.id);
      const clients = pools.map((pool) =>
        apiClient(
          createApp(t.ctx, {
            rateLimit: budget,
            rateLimitStores: sharedRateLimitStores(new SharedLimits(pool)),
          }),
          secret_key,
        ),
      );
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await clients[i % 2]!.get('/changes')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
      const limited = await clients[0]!.get('/changes');
      expect(limited.headers.get('retry-after')).toBe('1000');
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('holds one provider-webhook budget per source across API processes', async () => {
    const pools = [connectDatabase(db.url, { max: 2 }), connectDatabase(db.url, { max: 2 })];
    try {
      const apps = pools.map((pool) =>
        createApp(t.ctx, {
          webhookRateLimit: { ratePerSecond: 0.001, burst: 2 },
          rateLimitStores: sharedRateLimitStores(new SharedLimits(pool)),
        }),
      );
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        const response = await apps[i % 2]!.request('/api/v1/webhooks/none', { method: 'POST' });
        statuses.push(response.status);
      }
      // Past the limit nothing reaches the routes (here none: the API answers 401).
      expect(statuses).toEqual([401, 401, 429, 429, 429, 429]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});

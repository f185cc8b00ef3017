import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpMetrics } from '../../metrics/http.js';
import {
  observeWebhookToApplied,
  recordItemsApplied,
  recordSyncAttempt,
  recordSyncFailure,
} from '../../metrics/registry.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createTenantFixture } from '../../testing/tenant-fixture.js';
import { createApp } from '../app.js';
import { createOpsApp } from '../ops-app.js';
import { metricsRoutes } from './metrics.js';

describe('GET /metrics', () => {
  let db: TestDatabase;
  let t: TestContext;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    const acme = await createTenantFixture(db.sql, 'Acme', t.clock.now);
    const { userId } = await acme.user('u1');
    const now = t.clock.now().getTime();
    for (const [email, lastSyncMs] of [
      ['a@x.example', now - 60_000],
      ['b@x.example', now - 7200_000],
      ['c@x.example', null],
    ] as const) {
      await db.sql`
        insert into connections (tenant_id, user_id, provider, account_email, last_sync_at)
        values (${acme.tenantId}, ${userId}, 'google', ${email},
          ${lastSyncMs === null ? null : new Date(lastSyncMs)})`;
    }
    await t.boss.createQueue('metrics-test');
    await t.boss.send('metrics-test', {});
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('serves Prometheus text with sync, lag, queue, webhook and HTTP metrics', async () => {
    recordSyncAttempt('google', 'pull', 'success');
    recordSyncAttempt('google', 'pull', 'success');
    recordSyncAttempt('microsoft', 'push', 'fail');
    observeWebhookToApplied(0.8);
    recordSyncFailure('microsoft', 'push', 'rate_limited');
    recordItemsApplied('google', 7);
    recordItemsApplied('google', 0);
    const timed = new Hono().use('*', httpMetrics()).get('/things/:id', (c) => c.text('ok'));
    await timed.request('/things/42');

    const res = await createApp(t.ctx).request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain(
      'calsync_sync_attempts_total{provider="google",operation="pull",status="success"} 2',
    );
    expect(text).toContain(
      'calsync_sync_attempts_total{provider="microsoft",operation="push",status="fail"} 1',
    );
    expect(text).toContain('calsync_sync_lag_connections{provider="google",lag="under_5m"} 1');
    expect(text).toContain('calsync_sync_lag_connections{provider="google",lag="1h_to_1d"} 1');
    expect(text).toContain('calsync_sync_lag_connections{provider="google",lag="never"} 1');
    expect(text).toContain('calsync_sync_lag_max_seconds{provider="google"} 7200');
    expect(text).toContain('calsync_queue_depth{queue="metrics-test",state="created"} 1');
    expect(text).toMatch(
      /^calsync_queue_oldest_waiting_seconds\{queue="metrics-test"\} [\d.e-]+$/m,
    );
    expect(text).toContain(
      'calsync_sync_failures_total{provider="microsoft",operation="push",error_class="rate_limited"} 1',
    );
    expect(text).toContain('calsync_sync_items_applied_total{provider="google"} 7');
    expect(text).toContain('calsync_database_up 1');
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toContain('calsync_webhook_to_applied_seconds_bucket{le="1"} 1');
    expect(text).toContain('calsync_webhook_deliveries_pending 0');
    expect(text).toMatch(
      /calsync_http_request_duration_seconds_count\{method="GET",route="\/things\/:id",status="200"\} 1/,
    );
  });

  it('wants the token when one is configured', async () => {
    expect((await createOpsApp(t.ctx).request('/metrics')).status).toBe(200);
    const app = metricsRoutes(t.ctx, { token: 'metrics-secret' });
    expect((await app.request('/metrics')).status).toBe(401);
    const wrong = await app.request('/metrics', { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const right = await app.request('/metrics', {
      headers: { authorization: 'Bearer metrics-secret' },
    });
    expect(right.status).toBe(200);
  });
});

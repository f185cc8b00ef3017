import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../http/app.js';
import { createAddressPolicy } from '../net/address-policy.js';
import { closedPortUrl, startLoopbackServer, startTarpit } from '../net/test-servers.js';
import { registerWebhookDelivery } from '../jobs/webhook-delivery.js';
import { appendChange, type ChangeType } from '../store/changes.js';
import { apiClient, type ApiClient } from '../testing/api-client.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createTenantFixture, type TenantFixture } from '../testing/tenant-fixture.js';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js';
import { WEBHOOK_MAX_ATTEMPTS } from './backoff.js';
import { deliverWebhook, WEBHOOK_DELIVERY_QUEUE } from './deliver.js';
import { dispatchChanges } from './dispatch.js';
import { startWebhookDispatcher } from './dispatcher.js';

/** The receiver listens on 127.0.0.1, which deliveries refuse unless told otherwise. */
const LOCAL = { addressPolicy: createAddressPolicy(['127.0.0.1']) };

interface Delivery {
  id: string;
  change_seq: number;
  event_type: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
}

describe('outbound webhooks', () => {
  let db: TestDatabase;
  let t: TestContext;
  let acme: TenantFixture;
  let api: ApiClient;
  let receiver: WebhookReceiver;
  let userId: string;
  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    await registerWebhookDelivery(t.boss, t.ctx, { runsWorkers: false });
    acme = await createTenantFixture(db.sql, 'Acme', t.clock.now);
    api = apiClient(createApp(t.ctx, LOCAL), acme.secretKey);
    userId = (await acme.user('u1')).userId;
    receiver = await startWebhookReceiver(nowSeconds);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
    await db.drop();
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    await db.sql`delete from webhook_endpoints`;
  });

  const createEndpoint = async (eventTypes: ChangeType[] = []) => {
    const res = await api.post<{ id: string; secret: string }>('/webhook-endpoints', {
      url: receiver.url,
      event_types: eventTypes,
    });
    receiver.secret = res.body.secret;
    return res.body.id;
  };
  const append = (type: ChangeType, data: Record<string, unknown>) =>
    appendChange(db.sql, { tenantId: acme.tenantId, userId, type, data });
  const deliveries = async (endpointId: string) =>
    (await api.get<{ data: Delivery[] }>(`/webhook-endpoints/${endpointId}/deliveries`)).body.data;
  const queued = async () => {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from pgboss.job where name = ${WEBHOOK_DELIVERY_QUEUE}`;
    return row!.n;
  };

  it('turns new changes into signed deliveries, once each, filtered by type', async () => {
    await append('appointment.created', { before: true });
    const endpointId = await createEndpoint(['appointment.created', 'appointment.updated']);
    await append('appointment.created', { id: 'a1' });
    await append('sync.failed', { id: 's1' });
    await append('appointment.updated', { id: 'a1' });
    const jobsBefore = await queued();
    expect((await dispatchChanges(t.ctx)).deliveries).toBe(2);
    expect((await dispatchChanges(t.ctx)).deliveries).toBe(0);
    expect((await queued()) - jobsBefore).toBe(2);
    const log = await deliveries(endpointId);
    expect(log.map((d) => d.event_type).sort()).toEqual([
      'appointment.created',
      'appointment.updated',
    ]);
    for (const d of log)
      expect(await deliverWebhook(t.ctx, d.id, LOCAL)).toMatchObject({ status: 'delivered' });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received.every((m) => m.verified)).toBe(true);
    const bodies = receiver.received.map((m) => JSON.parse(m.body) as Record<string, unknown>);
    expect(bodies.map((b) => b.type).sort()).toEqual([
      'appointment.created',
      'appointment.updated',
    ]);
    expect(bodies[0]).toMatchObject({ user_id: 'u1', data: { id: 'a1' } });
    expect(receiver.received[0]!.headers['webhook-id']).toMatch(/^evt_\d+$/);
    expect((await deliveries(endpointId)).every((d) => d.status === 'delivered')).toBe(true);
    // A second run of the same job does not send it again.
    expect(await deliverWebhook(t.ctx, log[0]!.id, LOCAL)).toMatchObject({ status: 'skipped' });
  });

  it('retries a failing receiver on the backoff schedule until it answers', async () => {
    const endpointId = await createEndpoint();
    await append('conflict.created', { id: 'c1' });
    await dispatchChanges(t.ctx);
    const [delivery] = await deliveries(endpointId);
    receiver.answer(500, 503);
    const jobsBefore = await queued();
    expect(await deliverWebhook(t.ctx, delivery!.id, LOCAL)).toMatchObject({
      status: 'retry_scheduled',
      statusCode: 500,
      delaySeconds: 5,
    });
    const [afterFirst] = await deliveries(endpointId);
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });
    expect(afterFirst!.last_error).toBe('HTTP 500');
    expect(afterFirst!.next_attempt_at).toBe(
      new Date(t.clock.now().getTime() + 5000).toISOString(),
    );
    expect((await queued()) - jobsBefore).toBe(1);
    t.clock.advance(5000);
    expect(await deliverWebhook(t.ctx, delivery!.id, LOCAL)).toMatchObject({ delaySeconds: 300 });
    t.clock.advance(300_000);
    expect(await deliverWebhook(t.ctx, delivery!.id, LOCAL)).toMatchObject({ status: 'delivered' });
    const [done] = await deliveries(endpointId);
    expect(done).toMatchObject({ status: 'delivered', attempts: 3, last_status_code: 204 });
    expect(receiver.received.map((m) => m.headers['webhook-id'])).toEqual(
      Array(3).fill(receiver.received[0]!.headers['webhook-id']),
    );
    // Each retry is signed afresh with the time of the attempt.
    const stamps = receiver.received.map((m) => Number(m.headers['webhook-timestamp']));
    expect(stamps[2]! - stamps[0]!).toBe(305);
  });

  it('records network errors and disables an endpoint that fails every attempt', async () => {
    const endpointId = await createEndpoint();
    await db.sql`update webhook_endpoints set url = 'http://127.0.0.1:9/closed' where id = ${endpointId}`;
    await append('appointment.deleted', { id: 'a9' });
    await append('appointment.deleted', { id: 'a10' });
    await dispatchChanges(t.ctx);
    const [first, second] = await deliveries(endpointId);
    let outcome = await deliverWebhook(t.ctx, first!.id, LOCAL);
    expect(outcome).toMatchObject({ status: 'retry_scheduled', statusCode: null });
    for (let attempt = 2; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
      outcome = await deliverWebhook(t.ctx, first!.id, LOCAL);
    }
    expect(outcome).toMatchObject({ status: 'failed', endpointDisabled: true });
    const endpoint = await api.get<{ enabled: boolean; disabled_reason: string }>(
      `/webhook-endpoints/${endpointId}`,
    );
    expect(endpoint.body.enabled).toBe(false);
    expect(endpoint.body.disabled_reason).toContain('failed every attempt');
    const log = await deliveries(endpointId);
    expect(log.find((d) => d.id === first!.id)).toMatchObject({ status: 'failed', attempts: 8 });
    expect(log.find((d) => d.id === second!.id)).toMatchObject({
      status: 'failed',
      last_error: 'endpoint disabled',
    });
    const audit = await api.get<{ data: { action: string; actor: string }[] }>('/audit?limit=1');
    expect(audit.body.data[0]).toMatchObject({
      action: 'webhook_endpoint.disabled',
      actor: 'system',
    });
    // A disabled endpoint gets no new deliveries.
    await append('appointment.deleted', { id: 'a11' });
    expect((await dispatchChanges(t.ctx)).deliveries).toBe(0);
  });

  it('refuses to call a private address unless allowed', async () => {
    const endpointId = await createEndpoint(['conflict.resolved']);
    await append('conflict.resolved', { id: 'c2' });
    await dispatchChanges(t.ctx);
    const [delivery] = await deliveries(endpointId);
    expect(await deliverWebhook(t.ctx, delivery!.id)).toMatchObject({
      status: 'retry_scheduled',
      error: 'could not reach the server',
    });
    expect(receiver.received).toHaveLength(0);
  });

  it('checks the address a host name resolves to when it connects', async () => {
    const port = new URL(receiver.url).port;
    const res = await api.post<{ id: string; secret: string }>('/webhook-endpoints', {
      url: `http://hooks.test:${port}/in`,
      event_types: ['conflict.resolved'],
    });
    expect(res.status).toBe(201);
    receiver.secret = res.body.secret;
    await append('conflict.resolved', { id: 'c3' });
    await dispatchChanges(t.ctx);
    const [delivery] = await deliveries(res.body.id);
    const resolveHost = async () => ['127.0.0.1'];
    expect(await deliverWebhook(t.ctx, delivery!.id, { resolveHost })).toMatchObject({
      status: 'retry_scheduled',
      error: 'could not reach the server',
    });
    expect(receiver.received).toHaveLength(0);
    const allowed = { ...LOCAL, resolveHost };
    expect(await deliverWebhook(t.ctx, delivery!.id, allowed)).toMatchObject({
      status: 'delivered',
    });
    expect(receiver.received).toHaveLength(1);
  });

  it('gives one error for a closed port and a tarpit, and does not follow a redirect', async () => {
    const tarpit = await startTarpit();
    const redirecting = await startLoopbackServer((req, res) =>
      res.writeHead(307, { location: receiver.url }).end(),
    );
    try {
      const errors: (string | null)[] = [];
      for (const url of [await closedPortUrl(), tarpit.url, redirecting.url]) {
        await db.sql`delete from webhook_endpoints`;
        const res = await api.post<{ id: string }>('/webhook-endpoints', {
          url,
          event_types: ['conflict.resolved'],
        });
        await append('conflict.resolved', { url });
        await dispatchChanges(t.ctx);
        const [delivery] = await deliveries(res.body.id);
        const outcome = await deliverWebhook(t.ctx, delivery!.id, { ...LOCAL, timeoutMs: 300 });
        errors.push('error' in outcome ? outcome.error : null);
      }
      expect(errors).toEqual([
        'could not reach the server',
        'could not reach the server',
        'HTTP 307',
      ]);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await tarpit.close();
      await redirecting.close();
    }
  });

  it('delivers through the queue when a worker runs', async () => {
    await createEndpoint();
    await registerWebhookDelivery(t.boss, t.ctx, { runsWorkers: true, ...LOCAL });
    await append('video_meeting.failed', { id: 'v1' });
    await dispatchChanges(t.ctx);
    await receiver.waitFor(1);
    expect(receiver.received[0]!.verified).toBe(true);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'video_meeting.failed' });
  });

  it('creates each delivery once when several dispatchers race', async () => {
    const endpointId = await createEndpoint(['integration.updated']);
    for (let n = 0; n < 5; n++) await append('integration.updated', { n });
    const results = await Promise.all(
      [1, 2, 3].map(() => dispatchChanges(t.ctx, { batchSize: 2 })),
    );
    while ((await dispatchChanges(t.ctx, { batchSize: 2 })).more);
    expect(results.reduce((sum, r) => sum + r.deliveries, 0)).toBeLessThanOrEqual(5);
    expect(await deliveries(endpointId)).toHaveLength(5);
  });

  it('dispatches on notification when the dispatcher runs', async () => {
    await createEndpoint(['approval.expired']);
    const dispatcher = await startWebhookDispatcher(t.ctx, { intervalMs: 60_000 });
    try {
      await append('approval.expired', { id: 'p1' });
      await receiver.waitFor(1);
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'approval.expired' });
    } finally {
      await dispatcher.stop();
    }
  });

  it("moves an idle endpoint's cursor past changes that are not for it", async () => {
    const endpointId = await createEndpoint(['conflict.resolved']);
    const last = await append('appointment.created', { id: 'a20' });
    expect((await dispatchChanges(t.ctx)).deliveries).toBe(0);
    const [row] = await db.sql<{ cursor_seq: string }[]>`
      select cursor_seq::text from webhook_endpoints where id = ${endpointId}`;
    expect(row!.cursor_seq).toBe(last.seq);
  });
});

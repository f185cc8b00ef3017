import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../context.js';
import { createApp } from '../http/app.js';
import { TrustedProxies } from '../http/client-address.js';
import type { AppServices } from '../http/services.js';
import { PULL_QUEUE } from '../jobs/queues.js';
import type { JobSender } from '../jobs/sender.js';
import { insertWatchChannel } from '../store/watch-channels.js';
import { createSyncFixture, type SyncFixture } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { googleWebhookRoutes } from './google/webhook.js';
import { BackgroundTasks, microsoftWebhookRoutes } from './microsoft/webhook.js';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** POSTs to the real server from a chosen loopback source address. */
function postFrom(
  source: string,
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress: source,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The unauthenticated provider webhook routes, over a real HTTP server on loopback: item and size
 * caps, one lookup per notification, and a per-source budget.
 */
describe('provider webhook routes under abuse', () => {
  let db: TestDatabase;
  let t: TestContext;
  let f: SyncFixture;
  /** Every query the routes send, through postgres' debug hook. */
  const queries: string[] = [];
  let counted: postgres.Sql;
  const sent: { queue: string; data: { calendarId?: string } }[] = [];
  const servers: ServerType[] = [];
  const tasks = new BackgroundTasks();

  async function start(services: AppServices = {}): Promise<string> {
    const jobs: JobSender = {
      send: async (queue, data) => {
        sent.push({ queue, data: data as { calendarId?: string } });
        return 'job';
      },
    };
    const ctx: ServerContext = { ...t.ctx, sql: counted, jobs };
    const app = createApp(ctx, {
      ...services,
      publicRoutes: [googleWebhookRoutes(ctx), microsoftWebhookRoutes({ context: ctx, tasks })],
    });
    const server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  }

  const graphItem = (subscriptionId: string, clientState: string) => ({
    subscriptionId,
    clientState,
    changeType: 'updated',
    resource: 'Users/u/Events/e',
    tenantId: 'tenant',
    resourceData: { id: 'e' },
  });
  const googleHeaders = (channelId: string, token: string) => ({
    'x-goog-channel-id': channelId,
    'x-goog-channel-token': token,
    'x-goog-resource-id': 'resource-1',
    'x-goog-resource-state': 'exists',
    'x-goog-message-number': '2',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    counted = postgres(db.url, {
      max: 1,
      onnotice: () => undefined,
      debug: (_connection, query) => queries.push(query),
    });
    // The client reads Postgres' array types once, on its first connection: not the routes' cost.
    await counted`select ${['warm-up']}::text[] as warm`;
    f = await createSyncFixture(t);
    for (const [provider, channelId, secret, resourceId] of [
      ['microsoft', 'sub-known', 'state-known', null],
      ['google', 'chan-known', 'token-known', 'resource-1'],
    ] as const) {
      await insertWatchChannel(db.sql, {
        tenantId: f.tenantId,
        connectionId: f.connectionId,
        calendarId: f.calendar.id,
        provider,
        channelId,
        resourceId,
        secret,
        expiresAt: new Date('2030-01-01T00:00:00Z'),
        now: t.clock.now(),
      });
    }
  });
  afterAll(async () => {
    for (const server of servers) server.close();
    await counted.end();
    await t.close();
    await db.drop();
  });

  it('looks up the 100 items of a Graph notification in one query and pulls once', async () => {
    const base = await start();
    const items = [
      ...Array.from({ length: 50 }, () => graphItem('sub-known', 'state-known')),
      ...Array.from({ length: 50 }, (_, n) => graphItem(`sub-unknown-${n}`, 'guess')),
    ];
    queries.length = 0;
    sent.length = 0;
    const answer = await postFrom(
      '127.0.0.2',
      `${base}/webhooks/microsoft`,
      JSON.stringify({ value: items }),
    );
    expect(answer.status).toBe(202);
    expect(queries).toHaveLength(1);
    expect(sent).toEqual([
      { queue: PULL_QUEUE, data: expect.objectContaining({ calendarId: f.calendar.id }) },
    ]);
  });

  it('does the work of a repeated lifecycle item once', async () => {
    const base = await start();
    sent.length = 0;
    const lifecycle = {
      subscriptionId: 'sub-known',
      clientState: 'state-known',
      lifecycleEvent: 'missed',
    };
    const answer = await postFrom(
      '127.0.0.2',
      `${base}/webhooks/microsoft`,
      JSON.stringify({ value: Array.from({ length: 100 }, () => lifecycle) }),
    );
    expect(answer.status).toBe(202);
    await tasks.idle();
    expect(sent).toEqual([
      {
        queue: PULL_QUEUE,
        data: expect.objectContaining({ calendarId: f.calendar.id, full: true }),
      },
    ]);
  });

  it('refuses more than 100 items, and bodies over the limit, without asking the database', async () => {
    const base = await start();
    queries.length = 0;
    sent.length = 0;
    const tooMany = await postFrom(
      '127.0.0.2',
      `${base}/webhooks/microsoft`,
      JSON.stringify({
        value: Array.from({ length: 101 }, () => graphItem('sub-known', 'state-known')),
      }),
    );
    expect(tooMany.status).toBe(413);
    expect(JSON.parse(tooMany.body)).toMatchObject({ error: { code: 'too_many_notifications' } });
    const huge = await postFrom(
      '127.0.0.2',
      `${base}/webhooks/microsoft`,
      JSON.stringify({
        value: [{ ...graphItem('sub-known', 'state-known'), pad: 'x'.repeat(300_000) }],
      }),
    );
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(queries).toHaveLength(0);
    expect(sent).toHaveLength(0);
  });

  it('answers a flood from one source with 429 while another source still gets through', async () => {
    const base = await start({
      webhookRateLimit: { ratePerSecond: 1, burst: 5, nowMs: () => 0 },
    });
    queries.length = 0;
    sent.length = 0;
    const flood: Answer[] = [];
    for (let n = 0; n < 12; n++) {
      flood.push(
        await postFrom('127.0.0.2', `${base}/webhooks/google`, '', googleHeaders(`chan-${n}`, 'x')),
      );
    }
    // Unknown channels: refused, one lookup each, nothing enqueued; past the burst, 429 and no
    // lookup at all.
    expect(flood.map((a) => a.status)).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
    expect(flood.at(-1)!.retryAfter).toBe('1');
    expect(JSON.parse(flood.at(-1)!.body)).toMatchObject({ error: { code: 'rate_limited' } });
    expect(queries).toHaveLength(5);
    expect(sent).toHaveLength(0);

    const other = await postFrom(
      '127.0.0.3',
      `${base}/webhooks/google`,
      '',
      googleHeaders('chan-known', 'token-known'),
    );
    expect(other.status).toBe(200);
    expect(sent).toEqual([
      { queue: PULL_QUEUE, data: expect.objectContaining({ calendarId: f.calendar.id }) },
    ]);
    // The Graph route shares the budget of its source.
    const graph = await postFrom(
      '127.0.0.2',
      `${base}/webhooks/microsoft`,
      JSON.stringify({ value: [graphItem('sub-known', 'state-known')] }),
    );
    expect(graph.status).toBe(429);
  });

  it('believes X-Forwarded-For only from a trusted proxy', async () => {
    const base = await start({
      webhookRateLimit: { ratePerSecond: 1, burst: 1, nowMs: () => 0 },
      trustedProxies: TrustedProxies.parse('127.0.0.4'),
    });
    const via = (source: string, forwardedFor: string) =>
      postFrom(source, `${base}/webhooks/google`, '', {
        ...googleHeaders('chan-unknown', 'x'),
        'x-forwarded-for': forwardedFor,
      }).then((a) => a.status);
    // Behind the trusted proxy, each client has its own budget (the right-most entry counts).
    expect(await via('127.0.0.4', '198.51.100.7')).toBe(401);
    expect(await via('127.0.0.4', '198.51.100.7')).toBe(429);
    expect(await via('127.0.0.4', '203.0.113.1, 198.51.100.8')).toBe(401);
    expect(await via('127.0.0.4', '198.51.100.9, 198.51.100.8')).toBe(429);
    // Anyone else's header is ignored: its budget is its own address's.
    expect(await via('127.0.0.5', '198.51.100.20')).toBe(401);
    expect(await via('127.0.0.5', '198.51.100.21')).toBe(429);
  });
});

import { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendChange } from '../../store/changes.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createTenantFixture, type TenantFixture } from '../../testing/tenant-fixture.js';
import { changeHubFor, closeStreams } from '../../webhooks/change-hub.js';
import { createApp } from '../app.js';
import { authenticate } from '../auth.js';
import type { AppEnv } from '../env.js';
import { streamRoutes } from './stream.js';

interface SSEMessage {
  id?: string;
  data?: string;
  comment?: string;
}

/** Reads server-sent messages until `done` says so (or the stream ends). */
async function readStream(
  res: Response,
  done: (messages: SSEMessage[]) => boolean,
): Promise<{ messages: SSEMessage[]; ended: boolean; cancel: () => Promise<void> }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const messages: SSEMessage[] = [];
  let buffer = '';
  let ended = false;
  while (!done(messages)) {
    const { value, done: finished } = await reader.read();
    if (finished) {
      ended = true;
      break;
    }
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message: SSEMessage = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) message.comment = line.slice(1).trim();
        else if (line.startsWith('id: ')) message.id = line.slice(4);
        else if (line.startsWith('data: ')) message.data = line.slice(6);
      }
      if (message.id || message.data || message.comment) messages.push(message);
    }
  }
  return { messages, ended, cancel: () => reader.cancel() };
}

const changesIn = (messages: SSEMessage[]) =>
  messages
    .filter((m) => m.data)
    .map((m) => JSON.parse(m.data!) as { seq: number; user_id: string; data: { n: number } });

describe('GET /stream', () => {
  let db: TestDatabase;
  let t: TestContext;
  let acme: TenantFixture;
  let other: TenantFixture;
  let app: ReturnType<typeof createApp>;
  let u1: { userId: string; token: string };
  let u2: { userId: string; token: string };
  const seqs: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    app = createApp(t.ctx);
    acme = await createTenantFixture(db.sql, 'Acme', t.clock.now);
    other = await createTenantFixture(db.sql, 'Other', t.clock.now);
    u1 = await acme.user('u1');
    u2 = await acme.user('u2');
    for (const n of [1, 2, 3]) seqs.push(Number((await append(acme, u1.userId, n)).seq));
  });
  afterAll(async () => {
    await closeStreams(db.sql);
    await t.close();
    await db.drop();
  });

  const append = (tenant: TenantFixture, userId: string | null, n: number) =>
    appendChange(db.sql, {
      tenantId: tenant.tenantId,
      userId,
      type: 'appointment.updated',
      data: { n },
    });
  const open = (token: string, headers: Record<string, string> = {}, query = '') =>
    app.request(`/api/v1/stream${query}`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });

  it('resumes after Last-Event-ID with seqs as ids, then goes live on notification', async () => {
    const res = await open(acme.secretKey, { 'last-event-id': String(seqs[0]) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const replay = await readStream(res, (m) => changesIn(m).length >= 2);
    expect(changesIn(replay.messages).map((c) => c.data.n)).toEqual([2, 3]);
    expect(replay.messages.filter((m) => m.id).map((m) => Number(m.id))).toEqual(seqs.slice(1));
    await replay.cancel();

    const live = await open(acme.secretKey, {}, `?after=${seqs[2]}`);
    const waiting = readStream(live, (m) => changesIn(m).length >= 1);
    await append(acme, u2.userId, 4);
    const { messages, cancel } = await waiting;
    expect(changesIn(messages)).toMatchObject([{ user_id: 'u2', data: { n: 4 } }]);
    await cancel();
  });

  it('starts at the end of the feed without a resume point', async () => {
    const res = await open(acme.secretKey);
    const waiting = readStream(res, (m) => changesIn(m).length >= 1);
    await append(acme, u1.userId, 5);
    const { messages, cancel } = await waiting;
    expect(changesIn(messages).map((c) => c.data.n)).toEqual([5]);
    await cancel();
  });

  it("shows a session token only its user's changes and a tenant only its own", async () => {
    const mine = readStream(await open(u1.token, {}, `?after=${seqs[2]}`), (m) =>
      changesIn(m).some((c) => c.data.n === 7),
    );
    const theirs = readStream(await open(other.secretKey, {}, '?after=0'), (m) =>
      changesIn(m).some((c) => c.data.n === 8),
    );
    await append(acme, u2.userId, 6);
    await append(acme, u1.userId, 7);
    await append(other, null, 8);
    const [a, b] = await Promise.all([mine, theirs]);
    expect(changesIn(a.messages).map((c) => c.data.n)).toEqual([5, 7]);
    expect(changesIn(b.messages).map((c) => c.data.n)).toEqual([8]);
    await Promise.all([a.cancel(), b.cancel()]);
  });

  it('shares one listener and forgets a stream when the client goes', async () => {
    const hub = changeHubFor(db.sql);
    const before = hub.size;
    const res = await open(acme.secretKey);
    expect(hub.size).toBe(before + 1);
    await res.body!.cancel();
    expect(hub.size).toBe(before);
  });

  it('rejects a malformed Last-Event-ID and missing credentials', async () => {
    const res = await open(acme.secretKey, { 'last-event-id': 'abc' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await app.request('/api/v1/stream')).status).toBe(401);
  });

  it('sends heartbeat comments while idle', async () => {
    const quick = new OpenAPIHono<AppEnv>();
    quick.use('*', authenticate(t.ctx));
    quick.route('/', streamRoutes(t.ctx, { heartbeatMs: 20 }));
    const res = await quick.request('/stream', {
      headers: { authorization: `Bearer ${acme.secretKey}` },
    });
    const { messages, cancel } = await readStream(
      res,
      (m) => m.filter((x) => x.comment === 'heartbeat').length >= 2,
    );
    expect(messages.filter((m) => m.comment === 'heartbeat')).toHaveLength(2);
    await cancel();
  });

  it('ends a session stream once its token expires', async () => {
    const quick = new OpenAPIHono<AppEnv>();
    quick.use('*', authenticate(t.ctx));
    quick.route('/', streamRoutes(t.ctx, { heartbeatMs: 20 }));
    const res = await quick.request('/stream', {
      headers: { authorization: `Bearer ${u2.token}` },
    });
    const reading = readStream(res, () => false);
    t.clock.advance(86_400_000);
    try {
      expect((await reading).ended).toBe(true);
    } finally {
      t.clock.advance(-86_400_000);
    }
  });

  it('ends every stream when the server stops', async () => {
    const res = await open(acme.secretKey);
    const reading = readStream(res, () => false);
    await closeStreams(db.sql);
    expect((await reading).ended).toBe(true);
  });
});

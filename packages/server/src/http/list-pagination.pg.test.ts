import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretBinding } from '../crypto/secret-binding.js';
import { createApiKey } from '../store/api-keys.js';
import { upsertCalendars } from '../store/calendars.js';
import { createConnection } from '../store/connections.js';
import { createTenant } from '../store/tenants.js';
import { upsertUser } from '../store/users.js';
import { apiClient, type ApiClient } from '../testing/api-client.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createApp } from './app.js';

interface Page {
  data: { id: string }[];
  next_cursor: string | null;
}

/**
 * Instants with ties: two rows in the same millisecond (microseconds apart), two at exactly the
 * same instant, others before and after — the cases a keyset on a truncated instant can lose.
 * Inserted as text (`::text::timestamptz`) so the client does not round them to a `Date`.
 */
const INSTANTS = [
  '2026-06-01T10:00:00.123456Z',
  '2026-06-01T10:00:00.123789Z',
  '2026-06-01T10:00:00.123456Z',
  '2026-06-01T09:00:00Z',
  '2026-06-01T11:00:00.5Z',
];

describe('every list pages with limit and cursor, answering {data, next_cursor}', () => {
  let db: TestDatabase;
  let t: TestContext;
  let api: ApiClient;
  let alice: ApiClient;
  let connectionId: string;
  let endpointId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    const app = createApp(t.ctx);
    const tenantId = (await createTenant(db.sql, 'Acme')).id;
    api = apiClient(app, (await createApiKey(db.sql, tenantId)).secret_key);
    alice = apiClient(
      app,
      (await api.post<{ token: string }>('/sessions', { user_id: 'alice' })).body.token,
    );
    // Appointments starting at the same instant (ordered by id), each one change of the feed.
    const appointmentIds: string[] = [];
    for (const title of ['A', 'B', 'C', 'D', 'E']) {
      const created = await api.post<{ id: string }>('/appointments', {
        user_id: 'alice',
        title,
        start: '2026-06-02T10:00:00Z',
        end: '2026-06-02T11:00:00Z',
      });
      appointmentIds.push(created.body.id);
    }
    const appointment = { body: { id: appointmentIds[0]! } };
    const changes = await db.sql<{ seq: string }[]>`select seq::text from changes order by seq`;
    const user = await upsertUser(db.sql, tenantId, 'alice');
    const bob = await upsertUser(db.sql, tenantId, 'bob');
    // Connections made at the same instant (the test clock stands still): ordered by id.
    const connections: string[] = [];
    for (const [i, owner] of [user, user, user, bob].entries()) {
      const id = randomUUID();
      await createConnection(db.sql, {
        id,
        tenantId,
        userId: owner.id,
        provider: 'google',
        accountEmail: `account-${i}@example.com`,
        credentials: t.ctx.keyring.encrypt('{}', secretBinding.connectionCredentials(tenantId, id)),
        credentialsKeyId: t.ctx.keyring.currentKeyId,
        accessTokenExpiresAt: null,
        now: t.ctx.now(),
      });
      connections.push(id);
    }
    connectionId = connections[0]!;
    // Two calendars with the same name, a lower-case one, and the primary (listed first).
    await upsertCalendars(db.sql, {
      tenantId,
      connectionId,
      calendars: [
        ['zeta', 'Zeta', true],
        ['a1', 'Alpha', false],
        ['a2', 'Alpha', false],
        ['b', 'beta', false],
      ].map(([calendarId, name, primary]) => ({
        calendarId: calendarId as string,
        name: name as string,
        primary: primary as boolean,
        accessRole: 'owner' as const,
        timeZone: null,
        color: null,
      })),
      now: t.ctx.now(),
    });
    for (const [i, at] of INSTANTS.entries()) {
      await db.sql`
        insert into conflicts (tenant_id, connection_id, appointment_id, internal_version,
          external_version, fields, conflict_reason, detected_at)
        values (${tenantId}, ${connectionId}, ${appointment.body.id}, '{}', '{}', '{title}',
          'both_changed', ${at}::text::timestamptz)`;
      await db.sql`
        insert into sync_attempts (tenant_id, connection_id, operation, correlation_id, started_at)
        values (${tenantId}, ${connectionId}, 'pull', ${randomUUID()}, ${at}::text::timestamptz)`;
      await db.sql`
        insert into approvals (tenant_id, connection_id, action, snapshot, requested_at, expires_at)
        values (${tenantId}, ${connections[i % 3]!}, 'create', '{}', ${at}::text::timestamptz, '2026-07-01T00:00:00Z')`;
      await db.sql`
        insert into audit_entries (tenant_id, actor, action, details, at)
        values (${tenantId}, 'api_key:test', 'webhook_endpoint.created', '{}', ${at}::text::timestamptz)`;
      const [endpoint] = await db.sql<{ id: string }[]>`
        insert into webhook_endpoints (tenant_id, url, secret, created_at)
        values (${tenantId}, ${`https://hooks.example/${i}`}, 'v1.x.y.z.w', ${at}::text::timestamptz) returning id`;
      endpointId ??= endpoint!.id;
    }
    for (const [i, at] of INSTANTS.entries()) {
      await db.sql`
        insert into webhook_deliveries (tenant_id, endpoint_id, change_seq, created_at)
        values (${tenantId}, ${endpointId}, ${changes[i]!.seq}, ${at}::text::timestamptz)`;
    }
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  /** Follows `next_cursor` with `limit=1` to the end; every page holds at most one item. */
  async function walk(client: ApiClient, path: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const sep = path.includes('?') ? '&' : '?';
      const res: Awaited<ReturnType<typeof client.get<Page>>> = await client.get<Page>(
        `${path}${sep}limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(1);
      ids.push(...res.body.data.map((item) => item.id));
      cursor = res.body.next_cursor;
      if (cursor === null) return ids;
    }
    throw new Error(`${path} did not end`);
  }

  const lists = () => [
    { path: '/calendar-integrations', client: api, count: 4 },
    { path: '/calendar-integrations', client: alice, count: 3 },
    { path: `/calendar-integrations/${connectionId}/calendars`, client: alice, count: 4 },
    { path: `/calendar-integrations/${connectionId}/conflicts`, client: alice, count: 5 },
    { path: `/calendar-integrations/${connectionId}/conflicts?status=open`, client: api, count: 5 },
    { path: `/calendar-integrations/${connectionId}/sync-attempts`, client: alice, count: 5 },
    { path: '/approvals', client: alice, count: 5 },
    { path: '/approvals?status=pending', client: api, count: 5 },
    { path: '/appointments?user_id=alice', client: api, count: 5 },
    { path: '/appointments', client: alice, count: 5 },
    { path: '/audit', client: api, count: 5 },
    { path: '/webhook-endpoints', client: api, count: 5 },
    { path: `/webhook-endpoints/${endpointId}/deliveries`, client: api, count: 5 },
  ];

  it('walks every list with limit=1 and gets every item exactly once, in the full list’s order', async () => {
    for (const { path, client, count } of lists()) {
      const full = await client.get<Page>(path);
      expect(full.status, path).toBe(200);
      expect(full.body.next_cursor, path).toBeNull();
      const all = full.body.data.map((item) => item.id);
      expect(all, path).toHaveLength(count);
      expect(await walk(client, path), path).toEqual(all);
    }
  });

  it('lists calendars primary first, then by name and id', async () => {
    const { body } = await alice.get<{ data: { provider_calendar_id: string }[] }>(
      `/calendar-integrations/${connectionId}/calendars`,
    );
    const order = body.data.map((c) => c.provider_calendar_id);
    expect(order[0]).toBe('zeta');
    expect(order.slice(1, 3).sort()).toEqual(['a1', 'a2']);
  });

  it('lists conflicts, sync attempts and approvals newest first', async () => {
    for (const suffix of ['conflicts', 'sync-attempts']) {
      const { body } = await alice.get<{ data: { detected_at?: string; started_at?: string }[] }>(
        `/calendar-integrations/${connectionId}/${suffix}`,
      );
      const times = body.data.map((r) => r.detected_at ?? r.started_at!);
      expect(times).toEqual([...times].sort().reverse());
    }
  });

  it('refuses a forged cursor and a limit out of range on every list', async () => {
    const forged = Buffer.from(JSON.stringify(['not-a-date', 'x'])).toString('base64url');
    for (const { path, client } of lists()) {
      const sep = path.includes('?') ? '&' : '?';
      expect((await client.get(`${path}${sep}cursor=${forged}`)).status, path).toBe(400);
      expect((await client.get(`${path}${sep}limit=0`)).status, path).toBe(400);
      expect((await client.get(`${path}${sep}limit=1001`)).status, path).toBe(400);
    }
  });

  it('refuses a calendar cursor naming a calendar of another account', async () => {
    const cursor = Buffer.from(JSON.stringify([randomUUID()])).toString('base64url');
    const res = await alice.get(
      `/calendar-integrations/${connectionId}/calendars?cursor=${cursor}`,
    );
    expect(res.status).toBe(400);
  });
});

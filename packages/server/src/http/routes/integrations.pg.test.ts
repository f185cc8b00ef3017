import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncQueues } from '../../jobs/register-sync.js';
import { createApiKey } from '../../store/api-keys.js';
import { upsertCalendars } from '../../store/calendars.js';
import { createConnection } from '../../store/connections.js';
import { createTenant } from '../../store/tenants.js';
import { upsertUser } from '../../store/users.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createApp } from '../app.js';
import type { IntegrationOutput } from '../schemas/integration.js';
import { randomUUID } from 'node:crypto';
import { secretBinding } from '../../crypto/secret-binding.js';

interface CalendarOut {
  id: string;
  provider_calendar_id: string;
  selected: boolean;
  destination: boolean;
}

describe('calendar integrations API', () => {
  let db: TestDatabase;
  let t: TestContext;
  let api: ApiClient;
  let alice: ApiClient;
  let other: ApiClient;
  let aliceConn: string;
  let bobConn: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    await createSyncQueues(t.boss);
    const app = createApp(t.ctx);
    const tenant = await createTenant(db.sql, 'Acme');
    api = apiClient(app, (await createApiKey(db.sql, tenant.id)).secret_key);
    other = apiClient(
      app,
      (await createApiKey(db.sql, (await createTenant(db.sql, 'Other')).id)).secret_key,
    );
    alice = apiClient(
      app,
      (await api.post<{ token: string }>('/sessions', { user_id: 'alice' })).body.token,
    );
    const connect = async (externalId: string, email: string) => {
      const user = await upsertUser(db.sql, tenant.id, externalId);
      const id = randomUUID();
      const row = await createConnection(db.sql, {
        id,
        tenantId: tenant.id,
        userId: user.id,
        provider: 'google',
        accountEmail: email,
        credentials: t.ctx.keyring.encrypt(
          JSON.stringify({ refresh_token: 'secret-refresh' }),
          secretBinding.connectionCredentials(tenant.id, id),
        ),
        credentialsKeyId: t.ctx.keyring.currentKeyId,
        accessTokenExpiresAt: null,
        now: t.ctx.now(),
      });
      await upsertCalendars(db.sql, {
        tenantId: tenant.id,
        connectionId: row.id,
        calendars: [
          {
            calendarId: email,
            name: 'Main',
            primary: true,
            accessRole: 'owner',
            timeZone: 'Europe/Berlin',
            color: null,
          },
          {
            calendarId: 'team',
            name: 'Team',
            primary: false,
            accessRole: 'writer',
            timeZone: null,
            color: null,
          },
          {
            calendarId: 'holidays',
            name: 'Holidays',
            primary: false,
            accessRole: 'reader',
            timeZone: null,
            color: null,
          },
        ],
        now: t.ctx.now(),
      });
      return row.id;
    };
    aliceConn = await connect('alice', 'alice@example.com');
    bobConn = await connect('bob', 'bob@example.com');
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('lists and shows integrations in the API shape, never with credentials', async () => {
    const list = await api.get<{ data: IntegrationOutput[] }>('/calendar-integrations');
    expect(list.body.data.map((i) => i.user_id).sort()).toEqual(['alice', 'bob']);
    const one = await api.get<IntegrationOutput>(`/calendar-integrations/${aliceConn}`);
    expect(one.body).toMatchObject({
      provider: 'google',
      account_email: 'alice@example.com',
      calendar_name: 'Main',
      provider_calendar_id: 'alice@example.com',
      sync_status: 'active',
    });
    expect(JSON.stringify(list.body)).not.toContain('secret-refresh');
    expect(JSON.stringify(one.body)).not.toContain('credentials');
  });

  it('pauses on sync_enabled false, keeps settings, and resumes', async () => {
    const paused = await api.put<IntegrationOutput>(`/calendar-integrations/${aliceConn}`, {
      sync_enabled: false,
      privacy_level: 'minimal',
    });
    expect(paused.body).toMatchObject({
      sync_enabled: false,
      sync_status: 'paused',
      privacy_level: 'minimal',
    });
    const resumed = await api.put<IntegrationOutput>(`/calendar-integrations/${aliceConn}`, {
      sync_enabled: true,
    });
    expect(resumed.body).toMatchObject({
      sync_enabled: true,
      sync_status: 'active',
      privacy_level: 'minimal',
    });
    const feed = await db.sql`select type from changes where type = 'integration.updated'`;
    expect(feed).toHaveLength(2);
  });

  it('selects calendars and moves the one destination', async () => {
    const calendars = (
      await alice.get<{ data: CalendarOut[] }>(`/calendar-integrations/${aliceConn}/calendars`)
    ).body.data;
    expect(calendars.filter((c) => c.destination).map((c) => c.provider_calendar_id)).toEqual([
      'alice@example.com',
    ]);
    const team = calendars.find((c) => c.provider_calendar_id === 'team')!;
    const holidays = calendars.find((c) => c.provider_calendar_id === 'holidays')!;
    const moved = await alice.put<CalendarOut>(
      `/calendar-integrations/${aliceConn}/calendars/${team.id}`,
      {
        selected: true,
        destination: true,
      },
    );
    expect(moved.body).toMatchObject({ selected: true, destination: true });
    const after = (
      await alice.get<{ data: CalendarOut[] }>(`/calendar-integrations/${aliceConn}/calendars`)
    ).body.data;
    expect(after.filter((c) => c.destination).map((c) => c.provider_calendar_id)).toEqual(['team']);
    expect(
      (
        await alice.put(`/calendar-integrations/${aliceConn}/calendars/${holidays.id}`, {
          destination: true,
        })
      ).status,
    ).toBe(400);
    const viaSettings = await api.put<IntegrationOutput>(`/calendar-integrations/${aliceConn}`, {
      provider_calendar_id: 'alice@example.com',
    });
    expect(viaSettings.body.provider_calendar_id).toBe('alice@example.com');
    expect(
      (await api.put(`/calendar-integrations/${aliceConn}`, { provider_calendar_id: 'nope' }))
        .status,
    ).toBe(400);
  });

  it('rejects unknown settings and bad values', async () => {
    expect((await api.put(`/calendar-integrations/${aliceConn}`, { colour: 'red' })).status).toBe(
      400,
    );
    expect(
      (await api.put(`/calendar-integrations/${aliceConn}`, { sync_direction: 'sideways' })).status,
    ).toBe(400);
  });

  it.each([
    ['GET', ''],
    ['PUT', ''],
    ['GET', '/calendars'],
    ['GET', '/conflicts'],
    ['GET', '/sync-attempts'],
  ])("hides another user's integration from a session token: %s %s", async (method, suffix) => {
    const path = `/calendar-integrations/${bobConn}${suffix}`;
    const res =
      method === 'GET' ? await alice.get(path) : await alice.put(path, { sync_enabled: true });
    expect(res.status).toBe(404);
    const foreign =
      method === 'GET' ? await other.get(path) : await other.put(path, { sync_enabled: true });
    expect(foreign.status).toBe(404);
  });

  it('lists only the session user’s integrations', async () => {
    const mine = await alice.get<{ data: IntegrationOutput[] }>('/calendar-integrations');
    expect(mine.body.data.map((i) => i.id)).toEqual([aliceConn]);
    expect((await alice.get('/calendar-integrations?user_id=bob')).status).toBe(404);
    expect(
      (await other.get<{ data: IntegrationOutput[] }>('/calendar-integrations')).body.data,
    ).toEqual([]);
  });

  it('lists conflicts and sync attempts (empty on a fresh connection)', async () => {
    expect(
      (await alice.get(`/calendar-integrations/${aliceConn}/conflicts?status=open`)).body,
    ).toEqual({ data: [], next_cursor: null });
    expect(
      (await alice.get(`/calendar-integrations/${aliceConn}/sync-attempts?status=fail`)).body,
    ).toEqual({ data: [], next_cursor: null });
    expect(
      (await alice.get(`/calendar-integrations/${aliceConn}/sync-attempts?status=bogus`)).status,
    ).toBe(400);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretBinding } from '../../crypto/secret-binding.js';
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
import { ChangeSchema } from '../schemas/feed.js';

interface ErrorBody {
  error: { code: string; message: string };
}

describe('calendar integrations: PUT takes what GET returns, PATCH merges', () => {
  let db: TestDatabase;
  let t: TestContext;
  let tenantId: string;
  let api: ApiClient;
  let alice: ApiClient;
  let bob: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    await createSyncQueues(t.boss);
    const app = createApp(t.ctx);
    tenantId = (await createTenant(db.sql, 'Acme')).id;
    api = apiClient(app, (await createApiKey(db.sql, tenantId)).secret_key);
    const session = async (userId: string) =>
      apiClient(
        app,
        (await api.post<{ token: string }>('/sessions', { user_id: userId })).body.token,
      );
    alice = await session('alice');
    bob = await session('bob');
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  /** A Google connection of alice's (another account each time) with a writable primary (the destination) and a team calendar. */
  async function connect(): Promise<string> {
    const user = await upsertUser(db.sql, tenantId, 'alice');
    const id = randomUUID();
    const email = `alice+${id.slice(0, 8)}@example.com`;
    await createConnection(db.sql, {
      id,
      tenantId,
      userId: user.id,
      provider: 'google',
      accountEmail: email,
      credentials: t.ctx.keyring.encrypt(
        JSON.stringify({ refresh_token: 'secret-refresh' }),
        secretBinding.connectionCredentials(tenantId, id),
      ),
      credentialsKeyId: t.ctx.keyring.currentKeyId,
      accessTokenExpiresAt: null,
      now: t.ctx.now(),
    });
    await upsertCalendars(db.sql, {
      tenantId,
      connectionId: id,
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
      ],
      now: t.ctx.now(),
    });
    return id;
  }

  const announced = async (id: string) =>
    (
      await db.sql`select 1 from changes
        where type = 'integration.updated' and data->>'id' = ${id}`
    ).length;

  it('PUT of the GET body answers 200 and changes nothing (not even updated_at)', async () => {
    const id = await connect();
    t.clock.advance(60_000);
    const got = (await alice.get<IntegrationOutput>(`/calendar-integrations/${id}`)).body;
    expect(got.video_platform).toBeNull();
    const put = await alice.put<IntegrationOutput>(`/calendar-integrations/${id}`, got);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(got);
    expect(await announced(id)).toBe(0);
  });

  it.each(['application/merge-patch+json', 'application/json'])(
    'PATCH (%s) of the GET body answers 200 and changes nothing',
    async (contentType) => {
      const id = await connect();
      t.clock.advance(60_000);
      const got = (await alice.get<IntegrationOutput>(`/calendar-integrations/${id}`)).body;
      const patched = await alice.patch<IntegrationOutput>(
        `/calendar-integrations/${id}`,
        got,
        contentType,
      );
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual(got);
      expect(await announced(id)).toBe(0);
    },
  );

  it('PATCH changes only what it names, announces it, and null clears video_platform', async () => {
    const id = await connect();
    await alice.patch(`/calendar-integrations/${id}`, { video_platform: 'zoom' });
    const before = (await alice.get<IntegrationOutput>(`/calendar-integrations/${id}`)).body;
    t.clock.advance(60_000);
    const patched = await alice.patch<IntegrationOutput>(`/calendar-integrations/${id}`, {
      privacy_level: 'minimal',
      video_platform: null,
      provider_calendar_id: 'team',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      ...before,
      privacy_level: 'minimal',
      video_platform: null,
      provider_calendar_id: 'team',
      calendar_name: 'Team',
      updated_at: patched.body.updated_at,
    });
    expect(patched.body.updated_at > before.updated_at).toBe(true);
    expect(await announced(id)).toBe(2);
  });

  it('PATCH sync_enabled false pauses and keeps the settings', async () => {
    const id = await connect();
    const paused = await alice.patch<IntegrationOutput>(`/calendar-integrations/${id}`, {
      sync_enabled: false,
    });
    expect(paused.body).toMatchObject({ sync_enabled: false, sync_status: 'paused' });
    const resumed = await alice.patch<IntegrationOutput>(`/calendar-integrations/${id}`, {
      sync_enabled: true,
    });
    expect(resumed.body).toMatchObject({ sync_enabled: true, sync_status: 'active' });
  });

  it.each(['sync_enabled', 'sync_direction', 'privacy_level', 'require_approval'])(
    'PATCH {%s: null} is a 400 naming the field',
    async (field) => {
      const id = await connect();
      const before = (await alice.get(`/calendar-integrations/${id}`)).body;
      const res = await alice.patch<ErrorBody>(`/calendar-integrations/${id}`, { [field]: null });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`body.${field}: cannot be null`);
      expect((await alice.get(`/calendar-integrations/${id}`)).body).toEqual(before);
    },
  );

  it('refuses clearing the destination, a body id not the path’s, and unknown fields', async () => {
    const id = await connect();
    const got = (await alice.get<IntegrationOutput>(`/calendar-integrations/${id}`)).body;
    const cleared = await alice.patch<ErrorBody>(`/calendar-integrations/${id}`, {
      provider_calendar_id: null,
    });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.message).toContain('provider_calendar_id');
    const wrongId = { ...got, id: randomUUID() };
    expect((await alice.put(`/calendar-integrations/${id}`, wrongId)).status).toBe(400);
    expect((await alice.patch(`/calendar-integrations/${id}`, wrongId)).status).toBe(400);
    expect((await alice.patch(`/calendar-integrations/${id}`, { colour: 'red' })).status).toBe(400);
    expect((await alice.get(`/calendar-integrations/${id}`)).body).toEqual(got);
  });

  it('PUT of a listed calendar answers 200 and changes nothing; the destination only moves', async () => {
    const id = await connect();
    const path = `/calendar-integrations/${id}/calendars`;
    const listed = (await alice.get<{ data: { id: string; destination: boolean }[] }>(path)).body
      .data;
    for (const calendar of listed) {
      const put = await alice.put(`${path}/${calendar.id}`, calendar);
      expect(put.status).toBe(200);
      expect(put.body).toEqual(calendar);
    }
    expect((await alice.get<{ data: unknown[] }>(path)).body.data).toEqual(listed);
    const [primary, team] = listed as [(typeof listed)[0], (typeof listed)[0]];
    const cleared = await alice.put<ErrorBody>(`${path}/${primary.id}`, {
      ...primary,
      destination: false,
    });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.message).toContain('body.destination');
    expect((await alice.put(`${path}/${primary.id}`, { ...primary, id: team.id })).status).toBe(
      400,
    );
    expect(await announced(id)).toBe(0);
  });

  it('PATCH keeps to the caller’s user', async () => {
    const id = await connect();
    expect(
      (await bob.patch(`/calendar-integrations/${id}`, { privacy_level: 'minimal' })).status,
    ).toBe(404);
    expect(
      (await alice.get<IntegrationOutput>(`/calendar-integrations/${id}`)).body.privacy_level,
    ).not.toBe('minimal');
  });

  it('announced every change in the shape the OpenAPI document gives', async () => {
    const feed = await api.get<{ changes: { type: string }[] }>('/changes?limit=1000');
    expect(feed.body.changes.length).toBeGreaterThan(0);
    for (const change of feed.body.changes) {
      expect(ChangeSchema.safeParse(change).error, change.type).toBeUndefined();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../store/api-keys.js';
import { createTenant } from '../store/tenants.js';
import { createSyncFixture, eventContent, type SyncFixture } from '../sync/test-fixture.js';
import { insertOwnedRows } from './test-owned-rows.js';
import { apiClient, type ApiClient } from '../testing/api-client.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createApp } from './app.js';

/**
 * Every route of the OpenAPI document, called with another user's ids: by a session token of
 * another user of the same tenant, and by another tenant's secret key. None may succeed or
 * leak; the owner's data must be unchanged afterwards. A route added without a row here fails.
 */

/** A valid body for each route that takes one, so a 4xx means "not yours", not "bad input". */
const BODIES: Record<string, unknown> = {
  'put /appointments/{id}': {
    title: 'Taken over',
    start: '2026-06-10T10:00:00Z',
    end: '2026-06-10T11:00:00Z',
  },
  'put /calendar-integrations/{id}': { sync_enabled: false },
  'put /calendar-integrations/{id}/calendars/{calendar_id}': { selected: false },
  'post /calendar-integrations/{id}/sync': { mode: 'full' },
  'post /calendar-integrations/{id}/conflicts/{conflict_id}/resolve': {
    resolution: 'kept_external',
  },
  'post /approvals/{id}': { action: 'approve' },
  'put /video-meetings/{id}': { settings: { waiting_room: true } },
};

/** Routes whose path names a resource, and which of the owner's ids fill it. */
type Ids = Record<string, string>;

describe('isolation matrix: every route against another user’s ids', () => {
  let db: TestDatabase;
  let t: TestContext;
  let f: SyncFixture;
  let paths: [string, string][];
  let ids: Ids;
  let ownerExternalId: string;
  let ownerSession: { id: string; token: string };
  let sameTenantOtherUser: ApiClient;
  let otherTenant: ApiClient;
  let owner: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    f = await createSyncFixture(t);
    const app = createApp(t.ctx, { sync: f.rt });
    const key = (await createApiKey(db.sql, f.tenantId)).secret_key;
    const admin = apiClient(app, key);
    ownerExternalId = (await db.sql`select external_id from users where id = ${f.userId}`)[0]!
      .external_id as string;
    ownerSession = (
      await admin.post<{ id: string; token: string }>('/sessions', { user_id: ownerExternalId })
    ).body;
    owner = apiClient(app, ownerSession.token);
    sameTenantOtherUser = apiClient(
      app,
      (await admin.post<{ token: string }>('/sessions', { user_id: 'mallory' })).body.token,
    );
    otherTenant = apiClient(
      app,
      (await createApiKey(db.sql, (await createTenant(db.sql, 'Other')).id)).secret_key,
    );

    const appointment = await f.hostAppointment(eventContent('Private'));
    const owned = await insertOwnedRows(db.sql, f, appointment.id);
    const endpoint = await admin.post<{ id: string }>('/webhook-endpoints', {
      url: 'https://hooks.example/calsync',
    });
    ids = {
      'appointments/{id}': appointment.id,
      'calendar-integrations/{id}': f.connectionId,
      '{calendar_id}': f.calendar.id,
      '{conflict_id}': owned.conflictId,
      '{attempt_id}': owned.attemptId,
      'approvals/{id}': owned.approvalId,
      'webhook-endpoints/{id}': endpoint.body.id,
      'video-meetings/{id}': owned.meetingId,
      'sessions/{id}': ownerSession.id,
      '{user_id}': ownerExternalId,
      '{provider}': 'google',
    };
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    paths = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => [m, path] as [string, string]),
    );
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  function fill(path: string): string {
    let filled = path;
    for (const [pattern, id] of Object.entries(ids)) {
      const [prefix, param] = pattern.includes('/')
        ? (pattern.split('/') as [string, string])
        : ['', pattern];
      filled = prefix
        ? filled.replace(`${prefix}/${param}`, `${prefix}/${id}`)
        : filled.replaceAll(param, id);
    }
    return filled;
  }

  const call = (client: ApiClient, method: string, path: string, body: unknown) =>
    method === 'get'
      ? client.get(path)
      : method === 'delete'
        ? client.delete(path)
        : method === 'put'
          ? client.put(path, body)
          : client.post(path, body);

  it('covers every route that names a resource', () => {
    const withIds = paths.filter(
      ([, p]) => p.includes('{') && p !== '/calendar-integrations/{provider}/authorize',
    );
    expect(withIds.length).toBeGreaterThanOrEqual(18);
    for (const [, p] of withIds) expect(fill(p)).not.toContain('{');
  });

  it('never lets another user or tenant act on the owner’s resources', async () => {
    const outcomes: string[] = [];
    for (const [method, path] of paths) {
      if (!path.includes('{') || path.includes('{provider}')) continue;
      const body = BODIES[`${method} ${path}`] ?? {};
      const url = fill(path);
      for (const [who, client] of [
        ['other user', sameTenantOtherUser],
        ['other tenant', otherTenant],
      ] as const) {
        const res = await call(client, method, url, body);
        // 403 is right for secret-key-only routes called with a session; the rest is 404.
        if (![403, 404].includes(res.status))
          outcomes.push(`${who}: ${method.toUpperCase()} ${path} → ${res.status}`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('refuses naming the owner through user_id from another user’s session', async () => {
    const q = `user_id=${ownerExternalId}`;
    expect((await sameTenantOtherUser.get(`/appointments?${q}`)).status).toBe(404);
    expect((await sameTenantOtherUser.get(`/calendar-integrations?${q}`)).status).toBe(404);
    expect((await sameTenantOtherUser.get(`/approvals?${q}`)).status).toBe(404);
    expect(
      (
        await sameTenantOtherUser.get(
          `/availability?${q}&from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z`,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await sameTenantOtherUser.post('/availability/check', {
          user_id: ownerExternalId,
          start: '2026-06-01T00:00:00Z',
          end: '2026-06-01T01:00:00Z',
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await sameTenantOtherUser.post('/calendar-integrations/google/authorize', {
          user_id: ownerExternalId,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await sameTenantOtherUser.post('/appointments', {
          user_id: ownerExternalId,
          title: 'x',
          start: '2026-06-01T00:00:00Z',
          end: '2026-06-01T01:00:00Z',
        })
      ).status,
    ).toBe(404);
  });

  it('left the owner’s data as it was', async () => {
    const [session] =
      await db.sql`select revoked_at from session_tokens where id = ${ownerSession.id}`;
    expect(session!.revoked_at).toBeNull();
    const mine = await owner.get<{ data: { title: string; status: string }[] }>('/appointments');
    expect(mine.body.data.map((a) => [a.title, a.status])).toEqual([['Private', 'confirmed']]);
    const integration = await owner.get<{ sync_status: string; sync_enabled: boolean }>(
      `/calendar-integrations/${f.connectionId}`,
    );
    expect(integration.body).toMatchObject({ sync_status: 'active', sync_enabled: true });
    const [approval] = await db.sql`select status from approvals`;
    expect(approval!.status).toBe('pending');
    const [conflict] = await db.sql`select status from conflicts`;
    expect(conflict!.status).toBe('open');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../store/api-keys.js';
import { replaceBusyBlocks } from '../../store/busy-blocks.js';
import { upsertCalendars } from '../../store/calendars.js';
import { createConnection } from '../../store/connections.js';
import { createTenant } from '../../store/tenants.js';
import { upsertUser } from '../../store/users.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createApp } from '../app.js';
import { randomUUID } from 'node:crypto';
import { secretBinding } from '../../crypto/secret-binding.js';

interface Busy {
  start: string;
  end: string;
  source: string;
}

describe('availability API', () => {
  let db: TestDatabase;
  let t: TestContext;
  let api: ApiClient;
  let alice: ApiClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    const app = createApp(t.ctx);
    const tenant = await createTenant(db.sql, 'Acme');
    api = apiClient(app, (await createApiKey(db.sql, tenant.id)).secret_key);
    alice = apiClient(
      app,
      (await api.post<{ token: string }>('/sessions', { user_id: 'alice' })).body.token,
    );
    const user = await upsertUser(db.sql, tenant.id, 'alice');
    const connectionId = randomUUID();
    const connection = await createConnection(db.sql, {
      id: connectionId,
      tenantId: tenant.id,
      userId: user.id,
      provider: 'google',
      accountEmail: 'alice@example.com',
      credentials: t.ctx.keyring.encrypt(
        '{}',
        secretBinding.connectionCredentials(tenant.id, connectionId),
      ),
      credentialsKeyId: t.ctx.keyring.currentKeyId,
      accessTokenExpiresAt: null,
      now: t.ctx.now(),
    });
    const calendars = await upsertCalendars(db.sql, {
      tenantId: tenant.id,
      connectionId: connection.id,
      calendars: [
        {
          calendarId: 'main',
          name: 'Main',
          primary: true,
          accessRole: 'owner',
          timeZone: null,
          color: null,
        },
        {
          calendarId: 'other',
          name: 'Other',
          primary: false,
          accessRole: 'reader',
          timeZone: null,
          color: null,
        },
      ],
      now: t.ctx.now(),
    });
    await replaceBusyBlocks(db.sql, {
      tenantId: tenant.id,
      userId: user.id,
      calendarIds: new Map(calendars.map((c) => [c.provider_calendar_id, c.id])),
      range: { startsAtUTC: '2026-06-01T00:00:00.000Z', endsAtUTC: '2026-06-08T00:00:00.000Z' },
      intervals: [
        {
          calendarId: 'main',
          startsAtUTC: '2026-06-02T12:00:00.000Z',
          endsAtUTC: '2026-06-02T13:00:00.000Z',
          status: 'busy',
        },
        // Not selected: not counted.
        {
          calendarId: 'other',
          startsAtUTC: '2026-06-02T15:00:00.000Z',
          endsAtUTC: '2026-06-02T16:00:00.000Z',
          status: 'busy',
        },
      ],
      source: 'google',
      fetchedAt: new Date('2026-06-01T08:00:00Z'),
    });
    await api.post('/appointments', {
      user_id: 'alice',
      title: 'Standup',
      start: '2026-06-01T09:00:00Z',
      end: '2026-06-01T09:15:00Z',
      time_zone: 'UTC',
      recurrence: ['RRULE:FREQ=DAILY;COUNT=3'],
    });
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('merges selected calendars and the user’s appointments, series expanded', async () => {
    const res = await alice.get<{ busy: Busy[]; fetched_at: string }>(
      '/availability?from=2026-06-01T00:00:00Z&to=2026-06-03T00:00:00Z',
    );
    expect(res.status).toBe(200);
    expect(res.body.busy.map((b) => [b.start, b.source.split(':')[0]])).toEqual([
      ['2026-06-01T09:00:00.000Z', 'appointment'],
      ['2026-06-02T09:00:00.000Z', 'appointment'],
      ['2026-06-02T12:00:00.000Z', 'calendar'],
    ]);
    expect(res.body.fetched_at).toBe('2026-06-01T08:00:00.000Z');
  });

  it('answers a free/busy check with what overlaps', async () => {
    const busy = await api.post<{ free: boolean; conflicts: Busy[] }>('/availability/check', {
      user_id: 'alice',
      start: '2026-06-02T12:30:00Z',
      end: '2026-06-02T14:00:00Z',
    });
    expect(busy.body.free).toBe(false);
    expect(busy.body.conflicts).toHaveLength(1);
    const free = await api.post<{ free: boolean }>('/availability/check', {
      user_id: 'alice',
      start: '2026-06-02T13:00:00Z',
      end: '2026-06-02T14:00:00Z',
    });
    expect(free.body.free).toBe(true);
  });

  it('rejects reversed and oversized windows, and other users for a session', async () => {
    expect(
      (await alice.get('/availability?from=2026-06-03T00:00:00Z&to=2026-06-01T00:00:00Z')).status,
    ).toBe(400);
    expect(
      (await alice.get('/availability?from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z')).status,
    ).toBe(400);
    expect(
      (
        await alice.get(
          '/availability?from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z&user_id=bob',
        )
      ).status,
    ).toBe(404);
    expect(
      (await api.get('/availability?from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z')).status,
    ).toBe(400);
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../store/api-keys.js';
import { insertAppointment } from '../../store/appointments.js';
import { createTenant } from '../../store/tenants.js';
import { findUserByExternalId } from '../../store/users.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import type { AppointmentOutput } from '../schemas/appointment.js';
import { ChangeSchema } from '../schemas/feed.js';
import { createApp } from '../app.js';

interface ErrorBody {
  error: { code: string; message: string };
}

describe('appointments: PUT takes what GET returns, PATCH merges', () => {
  let db: TestDatabase;
  let t: TestContext;
  let tenantId: string;
  let api: ApiClient;
  let alice: ApiClient;
  let bob: ApiClient;
  let other: ApiClient;
  let changed: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    changed = [];
    t = await createTestContext(db, {
      sync: {
        appointmentChanged: async (_tx, row, kind) => void changed.push(`${kind}:${row.id}`),
      },
    });
    const app = createApp(t.ctx);
    tenantId = (await createTenant(db.sql, 'Acme')).id;
    api = apiClient(app, (await createApiKey(db.sql, tenantId)).secret_key);
    other = apiClient(
      app,
      (await createApiKey(db.sql, (await createTenant(db.sql, 'Other')).id)).secret_key,
    );
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

  /** A rich appointment of alice's: zone, attendees (one without a name), location, recurrence. */
  async function create(): Promise<AppointmentOutput> {
    const created = await api.post<AppointmentOutput>('/appointments', {
      user_id: 'alice',
      title: 'Planning',
      description: 'Quarterly',
      location: 'Room 4',
      location_type: 'in_person',
      start: '2026-06-02T10:00:00+02:00',
      end: '2026-06-02T11:00:00+02:00',
      time_zone: 'Europe/Berlin',
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
      attendees: [
        { email: 'bob@example.com', name: 'Bob', response_status: 'accepted' },
        { email: 'carol@example.com' },
      ],
      meeting_url: 'https://meet.example.com/abc',
    });
    expect(created.status).toBe(201);
    expect(created.body.attendees[1]!.name).toBeNull();
    changed.length = 0;
    return created.body;
  }

  it('PUT of the GET body answers 200 and changes nothing (no version, no push)', async () => {
    const { id } = await create();
    const got = (await alice.get<AppointmentOutput>(`/appointments/${id}`)).body;
    const put = await alice.put<AppointmentOutput>(`/appointments/${id}`, got);
    expect(put.status).toBe(200);
    expect(put.body).toEqual(got);
    expect((await alice.get<AppointmentOutput>(`/appointments/${id}`)).body).toEqual(got);
    expect(changed).toEqual([]);
  });

  it.each(['application/merge-patch+json', 'application/json'])(
    'PATCH (%s) of the GET body answers 200 and changes nothing',
    async (contentType) => {
      const { id } = await create();
      const got = (await alice.get<AppointmentOutput>(`/appointments/${id}`)).body;
      const patched = await alice.patch<AppointmentOutput>(`/appointments/${id}`, got, contentType);
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual(got);
      expect(changed).toEqual([]);
    },
  );

  it('PATCH {title} keeps the zone, attendees and their replies, location and recurrence', async () => {
    const before = await create();
    const patched = await alice.patch<AppointmentOutput>(`/appointments/${before.id}`, {
      title: 'Planning (moved room)',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      ...before,
      title: 'Planning (moved room)',
      version: before.version + 1,
      updated_at: patched.body.updated_at,
    });
    expect(changed).toEqual([`updated:${before.id}`]);
    expect((await alice.get(`/appointments/${before.id}`)).body).toEqual(patched.body);
  });

  it('PATCH null clears a nullable field and replaces arrays whole', async () => {
    const before = await create();
    const patched = await alice.patch<AppointmentOutput>(`/appointments/${before.id}`, {
      location: null,
      meeting_url: null,
      attendees: [{ email: 'dave@example.com', name: null }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      location: null,
      meeting_url: null,
      description: 'Quarterly',
      time_zone: 'Europe/Berlin',
      attendees: [{ email: 'dave@example.com', name: null }],
    });
  });

  it.each(['title', 'start', 'end', 'all_day', 'attendees', 'recurrence', 'status'])(
    'PATCH {%s: null} is a 400 naming the field, and changes nothing',
    async (field) => {
      const before = await create();
      const res = await alice.patch<ErrorBody>(`/appointments/${before.id}`, { [field]: null });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`body.${field}: cannot be null`);
      expect((await alice.get(`/appointments/${before.id}`)).body).toEqual(before);
      expect(changed).toEqual([]);
    },
  );

  it('checks the patched appointment as a whole', async () => {
    const before = await create();
    const halfway = await alice.patch<ErrorBody>(`/appointments/${before.id}`, { all_day: true });
    expect(halfway.status).toBe(400);
    expect(halfway.body.error.message).toContain('body.start');
    const allDay = await alice.patch<AppointmentOutput>(`/appointments/${before.id}`, {
      all_day: true,
      start: '2026-06-03',
      end: '2026-06-04',
    });
    expect(allDay.status).toBe(200);
    expect(allDay.body).toMatchObject({ all_day: true, start: '2026-06-03', end: '2026-06-04' });
    const moved = await alice.patch<AppointmentOutput>(`/appointments/${before.id}`, {
      all_day: false,
      start: '2026-06-05T09:00:00Z',
      end: '2026-06-05T09:30:00Z',
      time_zone: 'America/New_York',
    });
    expect(moved.body).toMatchObject({
      all_day: false,
      start: '2026-06-05T09:00:00.000Z',
      time_zone: 'America/New_York',
    });
  });

  it('PUT without time_zone keeps the zone; time_zone null clears it to UTC', async () => {
    const before = await create();
    const kept = await alice.put<AppointmentOutput>(`/appointments/${before.id}`, {
      title: 'Planning',
      start: '2026-06-02T12:00:00+02:00',
      end: '2026-06-02T13:00:00+02:00',
    });
    expect(kept.body).toMatchObject({
      start: '2026-06-02T10:00:00.000Z',
      time_zone: 'Europe/Berlin',
    });
    const cleared = await alice.patch<AppointmentOutput>(`/appointments/${before.id}`, {
      time_zone: null,
    });
    expect(cleared.body.time_zone).toBe('UTC');
  });

  it('refuses a body id that is not the path’s, unknown fields and other media types', async () => {
    const before = await create();
    const got = (await alice.get<AppointmentOutput>(`/appointments/${before.id}`)).body;
    const wrongId = { ...got, id: randomUUID() };
    expect((await alice.put(`/appointments/${before.id}`, wrongId)).status).toBe(400);
    expect((await alice.patch(`/appointments/${before.id}`, wrongId)).status).toBe(400);
    expect((await alice.patch(`/appointments/${before.id}`, { colour: 'red' })).status).toBe(400);
    expect(
      (await alice.patch(`/appointments/${before.id}`, { title: 'x' }, 'text/plain')).status,
    ).toBe(415);
    const cancel = await alice.patch<ErrorBody>(`/appointments/${before.id}`, {
      status: 'cancelled',
    });
    expect(cancel.status).toBe(400);
    expect(cancel.body.error.message).toContain('DELETE');
    expect((await alice.get(`/appointments/${before.id}`)).body).toEqual(got);
    expect(changed).toEqual([]);
  });

  it('PATCH keeps to the caller’s user and tenant', async () => {
    const before = await create();
    expect((await bob.patch(`/appointments/${before.id}`, { title: 'Mine now' })).status).toBe(404);
    expect((await other.patch(`/appointments/${before.id}`, { title: 'Mine now' })).status).toBe(
      404,
    );
    expect((await alice.get<AppointmentOutput>(`/appointments/${before.id}`)).body.title).toBe(
      'Planning',
    );
  });

  it('PATCH of a cancelled appointment is a 409', async () => {
    const before = await create();
    await alice.delete(`/appointments/${before.id}`);
    const res = await alice.patch<ErrorBody>(`/appointments/${before.id}`, { title: 'Back' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('appointment_cancelled');
  });

  it('round-trips a floating appointment (a local time without an offset)', async () => {
    const user = (await findUserByExternalId(db.sql, tenantId, 'alice'))!;
    const row = await insertAppointment(db.sql, {
      tenantId,
      userId: user.id,
      uid: `${randomUUID()}@example.com`,
      hostRef: null,
      source: 'host',
      syncSource: null,
      locationType: 'in_person',
      content: {
        title: 'Lunch',
        description: null,
        location: null,
        time: {
          kind: 'floating',
          startsAtLocal: '2026-06-02T12:00:00',
          endsAtLocal: '2026-06-02T13:00:00',
        },
        recurrence: null,
        attendees: [],
        status: 'confirmed',
        meeting: null,
        reminders: { useDefault: true, overrides: [] },
        transparency: 'opaque',
      },
      now: t.ctx.now(),
    });
    const got = (await alice.get<AppointmentOutput>(`/appointments/${row.id}`)).body;
    expect(got).toMatchObject({ start: '2026-06-02T12:00:00', time_zone: null });
    expect((await alice.put(`/appointments/${row.id}`, got)).body).toEqual(got);
    const later = await alice.patch<AppointmentOutput>(`/appointments/${row.id}`, {
      start: '2026-06-02T12:30:00',
      end: '2026-06-02T13:30:00',
    });
    expect(later.body).toMatchObject({ start: '2026-06-02T12:30:00', end: '2026-06-02T13:30:00' });
    // A timed appointment does not become floating by losing its offset.
    const timed = await create();
    const res = await alice.patch(`/appointments/${timed.id}`, {
      start: '2026-06-02T12:30:00',
      end: '2026-06-02T13:30:00',
    });
    expect(res.status).toBe(400);
  });

  it('announced every change in the shape the OpenAPI document gives', async () => {
    const feed = await api.get<{ changes: { type: string }[] }>('/changes?limit=1000');
    expect(feed.body.changes.length).toBeGreaterThan(0);
    for (const change of feed.body.changes) {
      expect(ChangeSchema.safeParse(change).error, change.type).toBeUndefined();
    }
  });
});

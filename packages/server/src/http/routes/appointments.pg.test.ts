import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../store/api-keys.js';
import { createTenant } from '../../store/tenants.js';
import { apiClient, type ApiClient } from '../../testing/api-client.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import type { AppointmentOutput } from '../schemas/appointment.js';
import { createApp } from '../app.js';

type List = { data: AppointmentOutput[]; next_cursor: string | null };

const booking = {
  host_ref: 'booking-1',
  user_id: 'alice',
  title: 'Intro call',
  start: '2026-06-02T10:00:00+02:00',
  end: '2026-06-02T10:30:00+02:00',
  time_zone: 'Europe/Berlin',
  attendees: [{ email: 'Bob@Example.com', name: 'Bob' }],
};

describe('appointments API', () => {
  let db: TestDatabase;
  let t: TestContext;
  let api: ApiClient;
  let other: ApiClient;
  let alice: ApiClient;
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
    const tenant = await createTenant(db.sql, 'Acme');
    api = apiClient(app, (await createApiKey(db.sql, tenant.id)).secret_key);
    const otherTenant = await createTenant(db.sql, 'Other');
    other = apiClient(app, (await createApiKey(db.sql, otherTenant.id)).secret_key);
    const session = await api.post<{ token: string }>('/sessions', { user_id: 'alice' });
    alice = apiClient(app, session.body.token);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  it('creates, then updates by host_ref, and is idempotent for a repeated body', async () => {
    const created = await api.post<AppointmentOutput>('/appointments', booking);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      host_ref: 'booking-1',
      user_id: 'alice',
      start: '2026-06-02T08:00:00.000Z',
      time_zone: 'Europe/Berlin',
      attendees: [{ email: 'bob@example.com', name: 'Bob', response_status: 'needs_action' }],
      version: 1,
      source: 'host',
    });
    const again = await api.post<AppointmentOutput>('/appointments', booking);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
    const moved = await api.post<AppointmentOutput>('/appointments', {
      ...booking,
      start: '2026-06-02T11:00:00+02:00',
      end: '2026-06-02T11:30:00+02:00',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      id: created.body.id,
      version: 2,
      start: '2026-06-02T09:00:00.000Z',
    });
    expect(changed).toEqual([`created:${created.body.id}`, `updated:${created.body.id}`]);
  });

  it('writes every change to the change feed in the same transaction', async () => {
    const rows = await db.sql`select type from changes order by seq`;
    expect(rows.map((r) => r.type)).toEqual(['appointment.created', 'appointment.updated']);
  });

  it('survives concurrent creates with the same host_ref as one appointment', async () => {
    const body = { ...booking, host_ref: 'race-1' };
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => api.post<AppointmentOutput>('/appointments', body)),
    );
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('lists, searches, pages and expands', async () => {
    await api.post('/appointments', {
      host_ref: 'weekly',
      user_id: 'alice',
      title: 'Weekly sync',
      start: '2026-06-01T09:00:00Z',
      end: '2026-06-01T09:30:00Z',
      time_zone: 'UTC',
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
    });
    const listed = await api.get<List>('/appointments?user_id=alice&limit=2');
    expect(listed.body.data).toHaveLength(2);
    expect(listed.body.next_cursor).not.toBeNull();
    const rest = await api.get<List>(
      `/appointments?user_id=alice&limit=2&cursor=${listed.body.next_cursor}`,
    );
    const all = [...listed.body.data, ...rest.body.data].map((a) => a.host_ref);
    expect(all).toEqual(['weekly', 'race-1', 'booking-1']);
    // A forged cursor is refused, also for a user the host never named.
    expect((await api.get('/appointments?user_id=alice&cursor=WyJ4Il0')).status).toBe(400);
    expect((await api.get('/appointments?user_id=nobody-yet&cursor=WyJ4Il0')).status).toBe(400);
    const search = await api.get<List>('/appointments?user_id=alice&q=bob');
    expect(search.body.data.map((a) => a.host_ref).sort()).toEqual(['booking-1', 'race-1']);
    const expanded = await api.get<List>(
      '/appointments?user_id=alice&expand=true&from=2026-06-01T00:00:00Z&to=2026-06-30T00:00:00Z&q=weekly',
    );
    expect(expanded.body.data.map((a) => a.start)).toEqual([
      '2026-06-01T09:00:00.000Z',
      '2026-06-08T09:00:00.000Z',
      '2026-06-15T09:00:00.000Z',
      '2026-06-22T09:00:00.000Z',
    ]);
  });

  it('cancels: status cancelled, hidden unless include_deleted, hooks told', async () => {
    const { body } = await api.post<AppointmentOutput>('/appointments', {
      ...booking,
      host_ref: 'to-cancel',
    });
    const cancelled = await api.delete<AppointmentOutput>(`/appointments/${body.id}`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect(cancelled.body.deleted_at).not.toBeNull();
    expect(changed).toContain(`deleted:${body.id}`);
    const hidden = await api.get<List>('/appointments?user_id=alice&q=intro');
    expect(hidden.body.data.map((a) => a.id)).not.toContain(body.id);
    const shown = await api.get<List>('/appointments?user_id=alice&q=intro&include_deleted=true');
    expect(shown.body.data.map((a) => a.id)).toContain(body.id);
  });

  it.each([
    ['end before start', { end: '2026-06-02T09:00:00+02:00' }, 'body.end'],
    ['a bad zone', { time_zone: 'Mars/Olympus' }, 'body.time_zone'],
    ['a time without offset', { start: '2026-06-02T10:00:00' }, 'body.start'],
    ['an unknown field', { colour: 'red' }, 'unknown field: colour'],
    ['a malformed rule', { recurrence: ['RRULE:FREQ=SOMETIMES'] }, 'body.recurrence.0'],
    [
      'COUNT with UNTIL',
      { recurrence: ['RRULE:FREQ=DAILY;COUNT=2;UNTIL=20260701T000000Z'] },
      'body.recurrence.0',
    ],
    ['a non-rule line', { recurrence: ['DTSTART:20260601T000000Z'] }, 'body.recurrence.0'],
    ['an all-day with times', { all_day: true }, 'body.start'],
    ['a bad attendee email', { attendees: [{ email: 'nope' }] }, 'body.attendees.0.email'],
  ])('rejects %s with 400', async (_label, patch, where) => {
    const res = await api.post<{ error: { code: string; message: string } }>('/appointments', {
      ...booking,
      host_ref: 'bad',
      ...patch,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(JSON.stringify(res.body)).toContain(where);
  });

  it('accepts all-day appointments with exclusive end dates', async () => {
    const res = await api.post<AppointmentOutput>('/appointments', {
      user_id: 'alice',
      title: 'Offsite',
      start: '2026-06-10',
      end: '2026-06-12',
      all_day: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ all_day: true, start: '2026-06-10', end: '2026-06-12' });
  });

  describe('isolation', () => {
    let bobsId: string;
    beforeAll(async () => {
      bobsId = (
        await api.post<AppointmentOutput>('/appointments', {
          ...booking,
          host_ref: 'bob-1',
          user_id: 'bob',
        })
      ).body.id;
    });

    it("keeps a session token to its own user's appointments", async () => {
      expect((await alice.get(`/appointments/${bobsId}`)).status).toBe(404);
      expect(
        (
          await alice.put(`/appointments/${bobsId}`, {
            title: 'x',
            start: booking.start,
            end: booking.end,
          })
        ).status,
      ).toBe(404);
      expect((await alice.delete(`/appointments/${bobsId}`)).status).toBe(404);
      expect((await alice.get('/appointments?user_id=bob')).status).toBe(404);
      expect(
        (await alice.post('/appointments', { ...booking, host_ref: 'x', user_id: 'bob' })).status,
      ).toBe(404);
      expect((await alice.post(`/appointments/${bobsId}/resync`)).status).toBe(403);
      const mine = await alice.get<List>('/appointments');
      expect(mine.body.data.every((a) => a.user_id === 'alice')).toBe(true);
    });

    it("keeps another tenant's key out entirely", async () => {
      expect((await other.get(`/appointments/${bobsId}`)).status).toBe(404);
      expect((await other.delete(`/appointments/${bobsId}`)).status).toBe(404);
      expect((await other.post(`/appointments/${bobsId}/resync`)).status).toBe(404);
      expect((await other.get<List>('/appointments?user_id=bob')).body.data).toEqual([]);
      // The same host_ref in another tenant is another appointment.
      const theirs = await other.post<AppointmentOutput>('/appointments', {
        ...booking,
        host_ref: 'bob-1',
        user_id: 'bob',
      });
      expect(theirs.status).toBe(201);
      expect(theirs.body.id).not.toBe(bobsId);
    });

    it('refuses to move a host_ref to another user', async () => {
      const res = await api.post('/appointments', {
        ...booking,
        host_ref: 'bob-1',
        user_id: 'alice',
      });
      expect(res.status).toBe(409);
    });
  });

  it('resyncs with a secret key and audits it', async () => {
    const { body } = await api.post<AppointmentOutput>('/appointments', {
      ...booking,
      host_ref: 'resync-me',
    });
    expect((await api.post(`/appointments/${body.id}/resync`)).status).toBe(202);
    const [audit] =
      await db.sql`select action, target_id from audit_entries where target_id = ${body.id}`;
    expect(audit).toMatchObject({ action: 'appointment.resync' });
  });
});

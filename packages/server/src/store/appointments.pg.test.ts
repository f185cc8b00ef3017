import type { EventContent } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import {
  findAppointmentByHostRef,
  insertAppointment,
  listAppointments,
  softDeleteAppointment,
  toAppointment,
  updateAppointmentContent,
} from './appointments.js';
import { appendChange, listChanges } from './changes.js';
import { createTenant } from './tenants.js';
import { upsertUser } from './users.js';

const content: EventContent = {
  title: 'Interview with Ada',
  description: 'Round 2',
  location: 'Room 4',
  time: {
    kind: 'zoned',
    startsAtUTC: '2026-06-02T08:00:00.000Z',
    endsAtUTC: '2026-06-02T09:00:00.000Z',
    timeZone: 'Europe/Berlin',
  },
  recurrence: null,
  attendees: [
    {
      email: 'ada@example.com',
      name: 'Ada',
      responseStatus: 'accepted',
      optional: false,
      organizer: false,
      resource: false,
    },
  ],
  status: 'confirmed',
  meeting: { provider: 'zoom', joinUrl: 'https://zoom.example/j/1', conferenceId: '1' },
  reminders: { useDefault: false, overrides: [{ method: 'popup', minutesBefore: 10 }] },
  transparency: 'opaque',
};

describe('appointments store', () => {
  let db: TestDatabase;
  let tenantId: string;
  let userId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    tenantId = (await createTenant(db.sql, 't')).id;
    userId = (await upsertUser(db.sql, tenantId, 'u1')).id;
  });
  afterAll(() => db.drop());

  const now = new Date('2026-06-01T09:00:00Z');

  it('round-trips every kind of time and all content fields', async () => {
    const times: EventContent['time'][] = [
      content.time,
      { kind: 'all_day', startDate: '2026-06-03', endDate: '2026-06-04' },
      {
        kind: 'floating',
        startsAtLocal: '2026-06-05T10:00:00',
        endsAtLocal: '2026-06-05T11:00:00',
      },
    ];
    for (const [i, time] of times.entries()) {
      const row = await insertAppointment(db.sql, {
        tenantId,
        userId,
        uid: `uid-${i}`,
        hostRef: `ref-${i}`,
        source: 'host',
        syncSource: null,
        locationType: 'virtual',
        content: {
          ...content,
          time,
          recurrence: i === 0 ? { lines: ['RRULE:FREQ=WEEKLY;COUNT=3'] } : null,
        },
        extraProperties: ['X-FOO:bar'],
        now,
      });
      const a = toAppointment(row);
      expect(a.time).toEqual(time);
      expect(a).toMatchObject({
        title: content.title,
        attendees: content.attendees,
        meeting: content.meeting,
      });
      expect(a.reminders).toEqual(content.reminders);
      expect(a.extraProperties).toEqual(['X-FOO:bar']);
      expect(a.version).toBe(1);
    }
  });

  it('bumps the version on update and refuses a stale expected version', async () => {
    const row = (await findAppointmentByHostRef(db.sql, tenantId, 'ref-1'))!;
    const updated = await updateAppointmentContent(db.sql, {
      id: row.id,
      content: { ...rowContentTitle(row.title + '!') },
      expectedVersion: 1,
      now,
    });
    expect(updated?.version).toBe(2);
    const stale = await updateAppointmentContent(db.sql, {
      id: row.id,
      content: rowContentTitle('x'),
      expectedVersion: 1,
      now,
    });
    expect(stale).toBeUndefined();
    const deleted = await softDeleteAppointment(db.sql, row.id, now);
    expect(deleted?.status).toBe('cancelled');
    expect(deleted?.deleted_at).toEqual(now);
  });

  it('lists by window, text and keyset pages', async () => {
    const base = { tenantId, userId, includeDeleted: false, text: null, after: null };
    const all = await listAppointments(db.sql, { ...base, from: null, to: null, limit: 10 });
    expect(all.map((r) => r.host_ref)).toEqual(['ref-0', 'ref-2']);
    const page1 = await listAppointments(db.sql, { ...base, from: null, to: null, limit: 1 });
    const last = page1[0]!;
    const page2 = await listAppointments(db.sql, {
      ...base,
      from: null,
      to: null,
      limit: 5,
      after: { at: last.starts_at!.toISOString(), id: last.id },
    });
    expect(page2.map((r) => r.host_ref)).toEqual(['ref-2']);
    const found = await listAppointments(db.sql, {
      ...base,
      from: null,
      to: null,
      limit: 10,
      text: 'ada',
    });
    expect(found).toHaveLength(2);
    const withDeleted = await listAppointments(db.sql, {
      ...base,
      includeDeleted: true,
      from: new Date('2026-06-03T00:00:00Z'),
      to: new Date('2026-06-04T00:00:00Z'),
      limit: 10,
    });
    expect(withDeleted.map((r) => r.host_ref)).toEqual(['ref-0', 'ref-1']);
  });

  it('appends to the change feed in order, per tenant and user', async () => {
    await appendChange(db.sql, {
      tenantId,
      userId,
      type: 'appointment.created',
      data: { id: 'a' },
    });
    await appendChange(db.sql, {
      tenantId,
      userId: null,
      type: 'integration.updated',
      data: { id: 'b' },
    });
    const mine = await listChanges(db.sql, { tenantId, userId, afterSeq: '0', limit: 10 });
    expect(mine.map((c) => c.type)).toEqual(['appointment.created']);
    const all = await listChanges(db.sql, { tenantId, userId: null, afterSeq: '0', limit: 10 });
    expect(all).toHaveLength(2);
    expect(BigInt(all[1]!.seq)).toBeGreaterThan(BigInt(all[0]!.seq));
    expect(
      await listChanges(db.sql, { tenantId, userId: null, afterSeq: all[1]!.seq, limit: 10 }),
    ).toEqual([]);
  });
});

function rowContentTitle(title: string): EventContent {
  return {
    ...content,
    title,
    time: { kind: 'all_day', startDate: '2026-06-03', endDate: '2026-06-04' },
  };
}

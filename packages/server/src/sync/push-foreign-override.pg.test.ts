import type { OriginalStart } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPushJob } from '../jobs/push.js';
import { findAppointment, insertAppointment } from '../store/appointments.js';
import { findLinkOfAppointment } from '../store/event-links.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent, hourAt, type SyncFixture } from './test-fixture.js';

const SLOT: OriginalStart = { kind: 'instant', atUTC: '2026-06-11T10:00:00.000Z' };

/**
 * Our override of an instance (moved here, to 12:00) reaches a calendar where the user already
 * moved the same instance (to 15:00): the calendar's move is not written over. Both sides
 * changed the instance's time since the series made it, so it is a recorded conflict, settled
 * by the newer edit.
 */
describe('an override whose instance was already moved in the calendar', () => {
  let db: TestDatabase;
  let t: TestContext;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  async function setUp(calendarMovesLast: boolean) {
    t.clock.set('2026-06-01T09:00:00Z');
    const f: SyncFixture = await createSyncFixture(t);
    const series = await f.hostAppointment({
      ...eventContent('Stand-up'),
      recurrence: { lines: ['RRULE:FREQ=DAILY;COUNT=3'] },
    });
    await runPushJob(f.rt, { appointmentId: series.id, connectionId: f.connectionId });
    const seriesExternalId = (await findLinkOfAppointment(db.sql, series.id, f.connectionId))!
      .external_event_id;
    const moveInCalendar = () =>
      f.service.moveInstance('primary', seriesExternalId, SLOT, hourAt('2026-06-11T15:00:00.000Z'));
    if (!calendarMovesLast) moveInCalendar();
    t.clock.advance(60_000);
    const override = await insertAppointment(db.sql, {
      tenantId: f.tenantId,
      userId: f.userId,
      uid: series.uid,
      hostRef: null,
      source: 'host',
      syncSource: null,
      locationType: 'in_person',
      content: { ...eventContent('Stand-up'), time: hourAt('2026-06-11T12:00:00.000Z') },
      seriesId: series.id,
      originalStart: SLOT,
      now: t.clock.now(),
    });
    t.clock.advance(60_000);
    if (calendarMovesLast) moveInCalendar();
    const outcome = await runPushJob(f.rt, {
      appointmentId: override.id,
      connectionId: f.connectionId,
    });
    return { f, override, outcome };
  }

  const conflictsOf = (appointmentId: string) =>
    db.sql<{ fields: string[]; auto_resolution: string }[]>`
      select fields, auto_resolution from conflicts where appointment_id = ${appointmentId}`;

  const instanceStart = (f: SyncFixture) =>
    f.service
      .liveEvents('primary')
      .find((e) => e.originalStart?.kind === 'instant' && e.originalStart.atUTC === SLOT.atUTC)
      ?.content.time;

  it('the move made in the calendar after ours wins, and is not written over', async () => {
    const { f, override, outcome } = await setUp(true);
    expect(outcome).toBe('success');
    const after = await findAppointment(db.sql, f.tenantId, override.id);
    expect(after!.starts_at!.toISOString()).toBe('2026-06-11T15:00:00.000Z');
    expect(instanceStart(f)).toEqual(hourAt('2026-06-11T15:00:00.000Z'));
    expect(await conflictsOf(override.id)).toEqual([
      expect.objectContaining({ fields: ['time'], auto_resolution: 'kept_external' }),
    ]);
    const link = await findLinkOfAppointment(db.sql, override.id, f.connectionId);
    expect(link?.state).toBe('conflict');
  });

  it('ours, made after the move in the calendar, wins and is written there', async () => {
    const { f, override, outcome } = await setUp(false);
    expect(outcome).toBe('success');
    // The reconcile queued the update; a worker would run it next.
    expect(
      await runPushJob(f.rt, { appointmentId: override.id, connectionId: f.connectionId }),
    ).toBe('success');
    const after = await findAppointment(db.sql, f.tenantId, override.id);
    expect(after!.starts_at!.toISOString()).toBe('2026-06-11T12:00:00.000Z');
    expect(instanceStart(f)).toEqual(hourAt('2026-06-11T12:00:00.000Z'));
    expect(await conflictsOf(override.id)).toEqual([
      expect.objectContaining({ fields: ['time'], auto_resolution: 'kept_internal' }),
    ]);
  });
});

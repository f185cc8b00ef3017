import type { EventContent, OriginalStart } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { runPushJob } from '../jobs/push.js';
import { insertAppointment, type AppointmentRow } from '../store/appointments.js';
import { findLinkOfAppointment, type EventLinkRow } from '../store/event-links.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent, hourAt, type SyncFixture } from './test-fixture.js';

/** Daily at 10:00 UTC for three days from 10 June 2026. */
function daily(title: string): EventContent {
  return { ...eventContent(title), recurrence: { lines: ['RRULE:FREQ=DAILY;COUNT=3'] } };
}

const SECOND: OriginalStart = { kind: 'instant', atUTC: '2026-06-11T10:00:00.000Z' };

/**
 * An instance change no link of the calendar names, for a slot that already has its override
 * appointment (made through another calendar, or one whose link here our own delete removed):
 * the change applies to that appointment; a second one for the slot would be written to the
 * same provider instance and collide with the first.
 */
describe('an instance whose slot already has its appointment', () => {
  let db: TestDatabase;
  let t: TestContext;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    t.clock.set('2026-06-01T09:00:00Z');
  });
  afterAll(async () => {
    await t.close();
    await db.drop();
  });

  /** A host series pushed to the fixture's calendar; returns it and its external id. */
  async function pushedSeries(f: SyncFixture) {
    const series = await f.hostAppointment(daily('Stand-up'));
    expect(await runPushJob(f.rt, { appointmentId: series.id, connectionId: f.connectionId })).toBe(
      'success',
    );
    const link = await findLinkOfAppointment(db.sql, series.id, f.connectionId);
    return { series, seriesExternalId: link!.external_event_id };
  }

  /** The override of the second slot as another calendar made it: no link in this one. */
  function override(
    f: SyncFixture,
    series: AppointmentRow,
    content: EventContent,
  ): Promise<AppointmentRow> {
    return insertAppointment(db.sql, {
      tenantId: f.tenantId,
      userId: f.userId,
      uid: series.uid,
      hostRef: null,
      source: 'host',
      syncSource: null,
      locationType: 'in_person',
      content,
      seriesId: series.id,
      originalStart: SECOND,
      now: t.clock.now(),
    });
  }

  async function overridesOf(seriesId: string) {
    return db.sql<{ id: string; deleted: boolean; starts_at: Date }[]>`
      select id, deleted_at is not null as deleted, starts_at from appointments
      where series_id = ${seriesId}`;
  }

  async function linksOf(f: SyncFixture, appointmentId: string) {
    return db.sql<EventLinkRow[]>`
      select * from event_links
      where appointment_id = ${appointmentId} and connection_id = ${f.connectionId}`;
  }

  it('a cancellation of an instance we deleted joins our deleted override', async () => {
    const f = await createSyncFixture(t);
    const { series, seriesExternalId } = await pushedSeries(f);
    const owner = await override(f, series, {
      ...daily('Stand-up'),
      recurrence: null,
      time: hourAt('2026-06-11T10:00:00.000Z'),
      status: 'cancelled',
    });
    await db.sql`update appointments set deleted_at = now() where id = ${owner.id}`;
    // The calendar lists the instance cancelled (our delete there), the link is gone.
    const cancelledId = f.service.cancelInstance('primary', seriesExternalId, SECOND);

    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');

    expect(await overridesOf(series.id)).toEqual([
      expect.objectContaining({ id: owner.id, deleted: true }),
    ]);
    const links = await linksOf(f, owner.id);
    expect(links.map((l) => [l.external_event_id, l.state])).toEqual([
      [cancelledId, 'external_removed'],
    ]);
    // Pulled again: still one appointment, nothing to write.
    expect(
      await runPullJob(f.rt, {
        calendarId: f.calendar.id,
        connectionId: f.connectionId,
        full: true,
      }),
    ).toBe('success');
    expect(await overridesOf(series.id)).toHaveLength(1);
    expect((await linksOf(f, owner.id)).map((l) => l.state)).toEqual(['external_removed']);
  });

  it('an instance moved here applies to the override another calendar made', async () => {
    const f = await createSyncFixture(t);
    const { series, seriesExternalId } = await pushedSeries(f);
    const owner = await override(f, series, {
      ...daily('Stand-up'),
      recurrence: null,
      time: hourAt('2026-06-11T10:00:00.000Z'),
      title: 'Stand-up (agenda)',
    });
    const movedId = f.service.moveInstance(
      'primary',
      seriesExternalId,
      SECOND,
      hourAt('2026-06-11T15:00:00.000Z'),
    );

    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');

    const overrides = await overridesOf(series.id);
    expect(overrides).toHaveLength(1);
    expect(overrides[0]).toMatchObject({ id: owner.id, deleted: false });
    expect(overrides[0]!.starts_at.toISOString()).toBe('2026-06-11T15:00:00.000Z');
    expect((await linksOf(f, owner.id)).map((l) => l.external_event_id)).toEqual([movedId]);
  });
});

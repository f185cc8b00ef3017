import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { runPushJob } from '../jobs/push.js';
import { findAppointment, softDeleteAppointment } from '../store/appointments.js';
import { findLinkOfAppointment } from '../store/event-links.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent } from './test-fixture.js';

/**
 * A CalDAV client read our event before we deleted it and saved its edit after (a PUT without
 * `If-Match`): the event is back, stamped with the deleted appointment and carrying its UID. That
 * is the user's edit racing our deletion, settled on that appointment, not a new event.
 */
describe('an event of ours brought back after we deleted it', () => {
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

  async function deletedEverywhere() {
    t.clock.set('2026-06-01T09:00:00Z');
    const f = await createSyncFixture(t);
    const appointment = await f.hostAppointment(eventContent('Interview'));
    await runPushJob(f.rt, { appointmentId: appointment.id, connectionId: f.connectionId });
    t.clock.advance(60_000);
    await softDeleteAppointment(db.sql, appointment.id, t.clock.now());
    await runPushJob(f.rt, { appointmentId: appointment.id, connectionId: f.connectionId });
    expect(f.service.liveEvents('primary')).toEqual([]);
    t.clock.advance(60_000);
    return { f, appointment };
  }

  const appointmentsOf = (userId: string) =>
    db.sql<{ id: string }[]>`select id from appointments where user_id = ${userId}`;

  it('its later edit revives the appointment (a recorded conflict), no new appointment', async () => {
    const { f, appointment } = await deletedEverywhere();
    f.service.createExternal(
      'primary',
      { ...eventContent('Interview'), title: 'Interview (moved to room 2)' },
      { iCalUID: appointment.uid, calsyncAppointmentId: appointment.id },
    );

    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');

    expect(await appointmentsOf(f.userId)).toEqual([{ id: appointment.id }]);
    const revived = await findAppointment(db.sql, f.tenantId, appointment.id);
    expect(revived).toMatchObject({ deleted_at: null, title: 'Interview (moved to room 2)' });
    const [conflict] = await db.sql<{ conflict_reason: string; auto_resolution: string }[]>`
      select conflict_reason, auto_resolution from conflicts where appointment_id = ${appointment.id}`;
    expect(conflict).toEqual({
      conflict_reason: 'delete_vs_remote_edit',
      auto_resolution: 'kept_external',
    });
    expect((await findLinkOfAppointment(db.sql, appointment.id, f.connectionId))?.state).not.toBe(
      'pending_delete',
    );
  });

  it('a copy under another UID is a new event of the calendar', async () => {
    const { f, appointment } = await deletedEverywhere();
    f.service.createExternal('primary', eventContent('Interview (copy)'), {
      iCalUID: 'copy@elsewhere',
      calsyncAppointmentId: appointment.id,
    });

    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');

    expect(await appointmentsOf(f.userId)).toHaveLength(2);
    expect((await findAppointment(db.sql, f.tenantId, appointment.id))?.deleted_at).not.toBeNull();
  });
});

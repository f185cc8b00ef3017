import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { runPushJob } from '../jobs/push.js';
import { findLinkOfAppointment } from '../store/event-links.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent, type SyncFixture } from './test-fixture.js';

/**
 * Graph's delta says nothing of an event created and deleted between two rounds. The in-memory
 * provider's `deleteExternalUnreported` does the same: only asking for the event finds it gone.
 */
describe('a deletion the change feed never reports', () => {
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

  const pull = (f: SyncFixture) =>
    runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId });

  /** A host appointment pushed to the calendar after a first pull (the feed's cursor). */
  async function pushedAfterFirstPull(f: SyncFixture, title: string) {
    expect(await pull(f)).toBe('success');
    const row = await f.hostAppointment(eventContent(title));
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'success',
    );
    const link = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    t.clock.advance(60_000);
    return { row, link };
  }

  async function appointment(id: string) {
    const [row] = await db.sql<{ status: string; deleted_at: Date | null }[]>`
      select status, deleted_at from appointments where id = ${id}`;
    return row!;
  }

  it('is found by asking for the event after the next round, and applied by the removal policy', async () => {
    const f = await createSyncFixture(t);
    const { row, link } = await pushedAfterFirstPull(f, 'Deleted in the calendar at once');
    f.service.deleteExternalUnreported('primary', link.external_event_id);
    expect(await pull(f)).toBe('success');
    const after = await appointment(row.id);
    expect(after.status === 'cancelled' || after.deleted_at !== null).toBe(true);
    // Asked once; the next round has nothing left to ask about.
    expect(await pull(f)).toBe('success');
  });

  it('leaves an event the round listed alone, and asks about none', async () => {
    const f = await createSyncFixture(t);
    const { row, link } = await pushedAfterFirstPull(f, 'Still there');
    f.service.injectFault({ operation: 'eventExists', errorClass: 'non_retryable', times: 1 });
    expect(await pull(f)).toBe('success');
    expect(await appointment(row.id)).toMatchObject({ status: 'confirmed', deleted_at: null });
    const seen = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    expect(seen.state).toBe('synced');
    expect(seen.last_pulled_at).not.toBeNull();
    expect(seen.external_event_id).toBe(link.external_event_id);
  });

  it('asks about an event the feed has not listed yet, and finding it there, keeps it', async () => {
    const f = await createSyncFixture(t);
    const { row, link } = await pushedAfterFirstPull(f, 'Listed late');
    expect(await pull(f)).toBe('success');
    // As if the feed had lagged: no pull has reported the event, and none will (it is unchanged).
    await db.sql`update event_links set last_pulled_at = null where id = ${link.id}`;
    t.clock.advance(60_000);
    expect(await pull(f)).toBe('success');
    expect(await appointment(row.id)).toMatchObject({ status: 'confirmed', deleted_at: null });
    const seen = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    expect(seen.last_pulled_at).not.toBeNull();
    // Marked seen: the next round does not ask again (a failing question would fail it).
    f.service.injectFault({ operation: 'eventExists', errorClass: 'non_retryable', times: 1 });
    expect(await pull(f)).toBe('success');
  });
});

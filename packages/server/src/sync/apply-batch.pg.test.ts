import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent, type SyncFixture } from './test-fixture.js';

/**
 * A pull applies its changes in batches: one read of the links a batch may match, plain imports
 * written together, sync events in one statement. These prove the batch behaves as item-by-item
 * application did when its items depend on each other.
 */
describe('applying a page of changes as a batch', () => {
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

  const pull = (f: SyncFixture, full = false) =>
    runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId, full });

  async function appointmentsOf(f: SyncFixture) {
    return db.sql<{ id: string; title: string; series_id: string | null }[]>`
      select id, title, series_id from appointments
      where user_id = ${f.userId} and deleted_at is null order by title`;
  }

  async function createdChanges(f: SyncFixture) {
    return db.sql<{ seq: string; id: string }[]>`
      select seq::text, data->>'id' as id from changes
      where user_id = ${f.userId} and type = 'appointment.created' order by seq`;
  }

  it('imports plain events, a series and its moved instance from one page, each once', async () => {
    const f = await createSyncFixture(t);
    const service = f.service;
    for (const title of ['Alpha', 'Bravo', 'Charlie']) {
      service.createExternal('primary', eventContent(title));
    }
    const series = service.createExternal('primary', {
      ...eventContent('Weekly', '2026-06-01T09:00:00.000Z'),
      recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=4'] },
    });
    service.moveInstance(
      'primary',
      series,
      { kind: 'instant', atUTC: '2026-06-08T09:00:00.000Z' },
      {
        kind: 'zoned',
        startsAtUTC: '2026-06-08T13:00:00.000Z',
        endsAtUTC: '2026-06-08T14:00:00.000Z',
        timeZone: 'Europe/Berlin',
      },
    );
    service.createExternal('primary', eventContent('Delta'));

    expect(await pull(f)).toBe('success');
    const rows = await appointmentsOf(f);
    expect(rows.map((r) => r.title)).toEqual([
      'Alpha',
      'Bravo',
      'Charlie',
      'Delta',
      'Weekly',
      'Weekly',
    ]);
    const master = rows.find((r) => r.title === 'Weekly' && r.series_id === null)!;
    const exception = rows.find((r) => r.title === 'Weekly' && r.series_id !== null)!;
    // The exception found its series although both were written in the same batch.
    expect(exception.series_id).toBe(master.id);

    const created = await createdChanges(f);
    expect(created.map((c) => c.id).sort()).toEqual(rows.map((r) => r.id).sort());
    const links = await db.sql`select 1 from event_links where connection_id = ${f.connectionId}`;
    expect(links).toHaveLength(6);
    const events = await db.sql<{ event_type: string }[]>`
      select event_type from sync_events where connection_id = ${f.connectionId} order by id`;
    expect(events.map((e) => e.event_type)).toEqual(Array(6).fill('created'));
  });

  it('matches every item of a full resync to its link: nothing is created twice', async () => {
    const f = await createSyncFixture(t);
    for (let i = 0; i < 5; i++) f.service.createExternal('primary', eventContent(`Event ${i}`));
    expect(await pull(f)).toBe('success');
    const before = await appointmentsOf(f);

    f.service.expireCursors('primary');
    f.service.updateExternal('primary', 'ext-3', { title: 'Event 2, renamed' });
    expect(await pull(f, true)).toBe('success');

    const after = await appointmentsOf(f);
    expect(after.map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());
    expect(after.map((r) => r.title)).toContain('Event 2, renamed');
    expect(await createdChanges(f)).toHaveLength(5);
    const links = await db.sql`select 1 from event_links where connection_id = ${f.connectionId}`;
    expect(links).toHaveLength(5);
  });

  it('keeps the feed in page order when an import is followed by a deletion', async () => {
    const f = await createSyncFixture(t);
    const gone = f.service.createExternal('primary', eventContent('Gone'));
    f.service.createExternal('primary', eventContent('Keep'));
    expect(await pull(f)).toBe('success');
    // One page: a new event (queued with the batch's creates), then the deletion of a linked one.
    f.service.createExternal('primary', eventContent('Late'));
    f.service.deleteExternal('primary', gone);
    expect(await pull(f)).toBe('success');

    expect((await appointmentsOf(f)).map((r) => r.title)).toEqual(['Keep', 'Late']);
    const feed = await db.sql<{ type: string; id: string }[]>`
      select type, data->>'id' as id from changes where user_id = ${f.userId} order by seq`;
    const [late] = await db.sql<{ id: string }[]>`
      select id from appointments where user_id = ${f.userId} and title = 'Late'`;
    expect(feed.map((c) => c.type)).toEqual([
      'appointment.created',
      'appointment.created',
      'appointment.created',
      'appointment.deleted',
    ]);
    expect(feed[2]!.id).toBe(late!.id);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent, type SyncFixture } from './test-fixture.js';

/** The per-connection quota of live imported appointments, counted once per pull page. */
describe('import quota per connection', () => {
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
    runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId, full: false });

  const liveTitles = async (f: SyncFixture) =>
    (
      await db.sql<{ title: string }[]>`
        select title from appointments where user_id = ${f.userId} and deleted_at is null
        order by title`
    ).map((r) => r.title);

  const quotaFailures = async (f: SyncFixture) =>
    db.sql<{ external_event_id: string; error: string }[]>`
      select external_event_id, error from sync_events
      where connection_id = ${f.connectionId} and status = 'fail' order by id`;

  it('imports up to the quota across pages, records the rest as failed items, keeps syncing', async () => {
    const f = await createSyncFixture(t, {
      pageSize: 3,
      sync: { maxImportedEventsPerConnection: 5 },
    });
    const ids = Array.from({ length: 8 }, (_, i) =>
      f.service.createExternal('primary', eventContent(`Event ${i}`)),
    );
    expect(await pull(f)).toBe('success');
    const imported = await liveTitles(f);
    expect(imported).toHaveLength(5);
    const failures = await quotaFailures(f);
    expect(failures).toHaveLength(3);
    for (const failure of failures) {
      expect(failure.error).toBe(
        'import quota reached: the connection already holds 5 live imported events (CALSYNC_MAX_IMPORTED_EVENTS_PER_CONNECTION); the event was not imported',
      );
    }

    // Updates of imported events still apply at the quota; a removal frees a place.
    const importedIds = ids.filter(
      (id) => !failures.some((failure) => failure.external_event_id === id),
    );
    expect(importedIds).toHaveLength(5);
    f.service.updateExternal('primary', importedIds[0]!, { title: 'Renamed' });
    f.service.deleteExternal('primary', importedIds[1]!);
    expect(await pull(f)).toBe('success');
    expect(await liveTitles(f)).toHaveLength(4);
    f.service.createExternal('primary', eventContent('Late arrival'));
    expect(await pull(f)).toBe('success');
    const after = await liveTitles(f);
    expect(after).toContain('Renamed');
    expect(after).toContain('Late arrival');
    expect(after).toHaveLength(5);
  });

  it('a connection under the quota imports everything', async () => {
    const f = await createSyncFixture(t, { sync: { maxImportedEventsPerConnection: 5 } });
    for (let i = 0; i < 5; i++) f.service.createExternal('primary', eventContent(`Event ${i}`));
    expect(await pull(f)).toBe('success');
    expect(await liveTitles(f)).toHaveLength(5);
    expect(await quotaFailures(f)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent, type SyncFixture } from './test-fixture.js';

/** An edit on one side while the other deleted the event: a conflict with a deleted side. */
describe('edit against a deletion', () => {
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

  it('records the conflict with the deleted side as null, and the pull succeeds', async () => {
    const f = await createSyncFixture(t);
    const id = f.service.createExternal('primary', eventContent('Standup'));
    expect(await pull(f)).toBe('success');
    const [row] = await db.sql<{ id: string }[]>`
      select id from appointments where user_id = ${f.userId}`;
    // Edited here, not yet written there; meanwhile deleted there.
    t.clock.advance(60_000);
    await db.sql`update appointments set title = 'Standup (moved)', version = version + 1,
      updated_at = ${t.clock.now()} where id = ${row!.id}`;
    f.service.deleteExternal('primary', id);
    expect(await pull(f)).toBe('success');

    const conflicts = await db.sql<
      { conflict_reason: string; internal_version: unknown; external_version: unknown }[]
    >`select conflict_reason, internal_version, external_version from conflicts
      where connection_id = ${f.connectionId}`;
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.conflict_reason).toBe('edit_vs_remote_delete');
    expect(conflicts[0]!.external_version).toBeNull();
    expect(conflicts[0]!.internal_version).toMatchObject({ title: 'Standup (moved)' });
    expect((await f.connection()).status).toBe('active');
  });
});

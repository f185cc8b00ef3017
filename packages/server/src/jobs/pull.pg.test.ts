import { NonRetryableProviderError } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChanges } from '../store/changes.js';
import { findCalendar } from '../store/calendars.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent, type SyncFixture } from '../sync/test-fixture.js';
import { runPullJob } from './pull.js';

describe('pull job', () => {
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

  async function appointments(f: SyncFixture) {
    return db.sql<{ id: string; title: string; source: string; deleted_at: Date | null }[]>`
      select id, title, source, deleted_at from appointments where user_id = ${f.userId} order by title`;
  }

  it('imports remote events page by page, storing the cursor and planning the next poll', async () => {
    const f = await createSyncFixture(t, { pageSize: 2 });
    for (const title of ['Alpha', 'Bravo', 'Charlie'])
      f.service.createExternal('primary', eventContent(title));
    expect(await pull(f)).toBe('success');
    const rows = await appointments(f);
    expect(rows.map((r) => [r.title, r.source])).toEqual([
      ['Alpha', 'google'],
      ['Bravo', 'google'],
      ['Charlie', 'google'],
    ]);
    const calendar = (await findCalendar(db.sql, f.calendar.id))!;
    expect(calendar.sync_cursor).toMatch(/^mem:/);
    expect(calendar.page_checkpoint).toBeNull();
    expect(calendar.next_poll_at!.getTime()).toBeGreaterThan(t.clock.now().getTime());
    const [attempt] = await db.sql`
      select operation, status, items_processed from sync_attempts where connection_id = ${f.connectionId}`;
    expect(attempt).toMatchObject({ operation: 'pull', status: 'success', items_processed: 3 });
    const events = await db.sql`
      select event_type, direction, status from sync_events where connection_id = ${f.connectionId}`;
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.event_type === 'created' && e.direction === 'inbound')).toBe(true);
    const feed = await listChanges(db.sql, {
      tenantId: f.tenantId,
      userId: null,
      afterSeq: '0',
      limit: 10,
    });
    expect(feed.filter((c) => c.type === 'appointment.created')).toHaveLength(3);
    expect((await f.connection()).initial_sync_done).toBe(true);
  });

  it('applies remote edits and deletions incrementally', async () => {
    const f = await createSyncFixture(t);
    const a = f.service.createExternal('primary', eventContent('Standup'));
    const b = f.service.createExternal('primary', eventContent('Retro'));
    await pull(f);
    f.service.updateExternal('primary', a, { title: 'Standup (moved)' });
    f.service.deleteExternal('primary', b);
    await pull(f);
    const rows = await appointments(f);
    expect(rows.find((r) => r.title === 'Standup (moved)')?.deleted_at).toBeNull();
    expect(rows.find((r) => r.title === 'Retro')?.deleted_at).not.toBeNull();
  });

  it('records malformed items as failed sync events and keeps going', async () => {
    const f = await createSyncFixture(t, { pageSize: 1 });
    f.service.createExternal('primary', eventContent('Good one'));
    f.service.injectMalformed('primary');
    f.service.createExternal('primary', eventContent('Good two'));
    expect(await pull(f)).toBe('success');
    expect((await appointments(f)).map((r) => r.title)).toEqual(['Good one', 'Good two']);
    const [failed] = await db.sql`
      select event_type, status, error from sync_events
      where connection_id = ${f.connectionId} and status = 'fail'`;
    expect(failed).toMatchObject({ event_type: 'skipped', status: 'fail' });
    expect(failed!.error).toContain('unreadable');
  });

  it('resumes an interrupted round from the stored checkpoint', async () => {
    const f = await createSyncFixture(t, { pageSize: 1 });
    for (const title of ['One', 'Two', 'Three'])
      f.service.createExternal('primary', eventContent(title));
    // The second page fails for good: the first page and its checkpoint stay.
    failSecondPage(f);
    expect(await pull(f)).toBe('failed');
    expect((await findCalendar(db.sql, f.calendar.id))!.page_checkpoint).toMatchObject({
      pagesDone: 1,
    });
    expect(await pull(f)).toBe('success');
    expect((await appointments(f)).map((r) => r.title)).toEqual(['One', 'Three', 'Two']);
  });

  it('records a conflict and lets the most recent side win', async () => {
    const f = await createSyncFixture(t);
    const id = f.service.createExternal('primary', eventContent('Planning'));
    await pull(f);
    const [row] = await appointments(f);
    // The user edits the title here, then (later) someone edits it in the provider.
    await db.sql`update appointments set title = 'Planning (ours)', updated_at = ${t.clock.now()},
      version = version + 1 where id = ${row!.id}`;
    t.clock.advance(60_000);
    f.service.updateExternal('primary', id, { title: 'Planning (theirs)' });
    await pull(f);
    const [after] = await appointments(f);
    expect(after!.title).toBe('Planning (theirs)');
    const [conflict] = await db.sql`
      select fields, auto_resolution, status, internal_version->>'title' as internal_title,
        external_version->>'title' as external_title, base_version->>'title' as base_title
      from conflicts where connection_id = ${f.connectionId}`;
    expect(conflict).toMatchObject({
      fields: ['title'],
      auto_resolution: 'kept_external',
      status: 'open',
      internal_title: 'Planning (ours)',
      external_title: 'Planning (theirs)',
      base_title: 'Planning',
    });
    const feed = await listChanges(db.sql, {
      tenantId: f.tenantId,
      userId: null,
      afterSeq: '0',
      limit: 50,
    });
    expect(feed.some((c) => c.type === 'conflict.created')).toBe(true);
  });

  it('pauses the connection past 50 open conflicts and tells the host', async () => {
    const f = await createSyncFixture(t, { pageSize: 100 });
    const ids = Array.from({ length: 51 }, (_, i) =>
      f.service.createExternal('primary', eventContent(`E${i}`)),
    );
    await pull(f);
    await db.sql`update appointments set title = title || ' ours', version = version + 1,
      updated_at = ${t.clock.now()} where user_id = ${f.userId}`;
    t.clock.advance(60_000);
    for (const id of ids) f.service.updateExternal('primary', id, { title: `${id} theirs` });
    await pull(f);
    const connection = await f.connection();
    expect(connection.status).toBe('paused');
    expect(connection.status_reason).toBe('too_many_conflicts');
    const feed = await listChanges(db.sql, {
      tenantId: f.tenantId,
      userId: null,
      afterSeq: '0',
      limit: 500,
    });
    expect(feed.filter((c) => c.type === 'integration.updated').at(-1)?.data).toMatchObject({
      sync_status: 'paused',
    });
    expect(await pull(f)).toBe('skipped');
  });
});

/** Lets the first page through and fails the second one, once, with a non-retryable error. */
function failSecondPage(f: SyncFixture): void {
  const original = f.service.adapter.pullChanges;
  let calls = 0;
  f.service.adapter.pullChanges = async (request) => {
    calls++;
    if (calls === 2) throw new NonRetryableProviderError('bad request on page 2');
    return original(request);
  };
}

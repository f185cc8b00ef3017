import type { ProviderAdapter, RemoteChange, RemoteEvent, WriteResult } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { runPushJob } from '../jobs/push.js';
import { findLinkOfAppointment } from '../store/event-links.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent, type SyncFixture } from './test-fixture.js';

/** A modification time as CalDAV's LAST-MODIFIED holds it: whole seconds. */
function wholeSecond(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString();
}

function coarseEvent(event: RemoteEvent): RemoteEvent {
  return { ...event, updatedAt: wholeSecond(event.updatedAt) };
}

function coarseChange(change: RemoteChange): RemoteChange {
  return change.kind === 'upsert' ? { ...change, event: coarseEvent(change.event) } : change;
}

function coarseWrite(result: WriteResult): WriteResult {
  return { ...result, event: coarseEvent(result.event) };
}

/**
 * A pull that read an event just before our own update of it, and applies that copy just after
 * the update was recorded: the copy is older than the link's base. With modification times of
 * whole seconds (CalDAV) both versions carry the same time, so the time alone cannot say which
 * is older.
 */
describe('a copy read before our own write lands after it', () => {
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

  /**
   * The fixture's provider, dating its events in whole seconds; `whilePulling` runs between the
   * read of a page and its use.
   */
  function coarseProvider(f: SyncFixture) {
    const hooks: { whilePulling: (() => Promise<void>) | null } = { whilePulling: null };
    const inner = f.service.adapter;
    const adapter: ProviderAdapter = {
      ...inner,
      pullChanges: async (request) => {
        const page = await inner.pullChanges(request);
        const during = hooks.whilePulling;
        hooks.whilePulling = null;
        if (during) await during();
        return { ...page, changes: page.changes.map(coarseChange) };
      },
      createEvent: async (request) => coarseWrite(await inner.createEvent(request)),
      updateEvent: async (request) => coarseWrite(await inner.updateEvent(request)),
    };
    f.registry.register('google', { createAdapter: () => adapter });
    return hooks;
  }

  const pull = (f: SyncFixture) =>
    runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId });
  const push = (f: SyncFixture, appointmentId: string) =>
    runPushJob(f.rt, { appointmentId, connectionId: f.connectionId });

  it('is not taken for a remote edit: the newer title stays, here and there', async () => {
    const f = await createSyncFixture(t);
    const hooks = coarseProvider(f);
    t.clock.set('2026-06-01T10:00:00.100Z');
    const row = await f.hostAppointment(eventContent('Review'));
    expect(await push(f, row.id)).toBe('success');

    // Within the same second: a pull reads the event as created; before it applies that copy,
    // the appointment is renamed (as a pull of another calendar would) and the rename is pushed.
    t.clock.advance(200);
    hooks.whilePulling = async () => {
      t.clock.advance(200);
      await db.sql`update appointments set title = 'Review (moved)', version = version + 1,
        updated_at = ${t.clock.now()} where id = ${row.id}`;
      t.clock.advance(200);
      expect(await push(f, row.id)).toBe('success');
      t.clock.advance(200);
    };
    expect(await pull(f)).toBe('success');
    expect(hooks.whilePulling).toBeNull();

    const [after] = await db.sql<{ title: string }[]>`
      select title from appointments where id = ${row.id}`;
    expect(after!.title).toBe('Review (moved)');
    expect(f.service.liveEvents('primary').map((e) => e.content.title)).toEqual(['Review (moved)']);
    const link = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    expect(link.base_snapshot?.title).toBe('Review (moved)');
    expect(link.state).toBe('synced');
    const conflicts = await db.sql`select 1 from conflicts where connection_id = ${f.connectionId}`;
    expect(conflicts).toHaveLength(0);

    // The next pull reads the rename as our own write coming back.
    t.clock.advance(1000);
    expect(await pull(f)).toBe('success');
    const [settled] = await db.sql<{ title: string }[]>`
      select title from appointments where id = ${row.id}`;
    expect(settled!.title).toBe('Review (moved)');
  });

  it('still applies an edit made in the calendar after our write, in the same second', async () => {
    const f = await createSyncFixture(t);
    coarseProvider(f);
    t.clock.set('2026-06-01T11:00:00.100Z');
    const row = await f.hostAppointment(eventContent('Retro'));
    expect(await push(f, row.id)).toBe('success');
    expect(await pull(f)).toBe('success');
    // The appointment is renamed and pushed; right after, in the same second, the user renames
    // the event in the calendar; the pull is asked for after our write was recorded.
    t.clock.advance(200);
    await db.sql`update appointments set title = 'Retro (moved)', version = version + 1,
      updated_at = ${t.clock.now()} where id = ${row.id}`;
    expect(await push(f, row.id)).toBe('success');
    t.clock.advance(200);
    const [event] = f.service.liveEvents('primary');
    f.service.updateExternal('primary', event!.externalId, { title: 'Retro (by the user)' });
    t.clock.advance(200);
    expect(await pull(f)).toBe('success');

    const [after] = await db.sql<{ title: string }[]>`
      select title from appointments where id = ${row.id}`;
    expect(after!.title).toBe('Retro (by the user)');
  });
});

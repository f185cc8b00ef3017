import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { runPushJob } from '../jobs/push.js';
import { PULL_QUEUE, PUSH_QUEUE, pushKey, type PullJobData } from '../jobs/queues.js';
import { listChanges } from '../store/changes.js';
import { findLinkOfAppointment } from '../store/event-links.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { disconnectConnection, pauseConnection, resumeConnection } from './connection-lifecycle.js';
import { initializeConnection } from './initialize.js';
import { resolveConflictAndSync } from './resolve-conflict.js';
import { syncStatus } from './sync-status.js';
import { createSyncFixture, eventContent, type SyncFixture } from './test-fixture.js';
import { ConnectionNotSyncingError, triggerSync } from './trigger-sync.js';

describe('sync services', () => {
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

  async function queued<T extends object>(queue: string, key: string) {
    return t.boss.findJobs<T>(queue, { key, queued: true });
  }

  async function drain(queue: string, key: string): Promise<void> {
    for (const job of await queued(queue, key)) await t.boss.deleteJob(queue, job.id);
  }

  it('initialises a connection: calendars stored, initial pull queued', async () => {
    const f = await createSyncFixture(t);
    await db.sql`delete from calendars where connection_id = ${f.connectionId}`;
    const calendars = await initializeConnection(f.rt, f.connectionId);
    expect(calendars).toHaveLength(1);
    expect(calendars[0]).toMatchObject({ selected: true, destination: true, role: 'primary' });
    expect(await queued(PULL_QUEUE, calendars[0]!.id)).toHaveLength(1);
    await drain(PULL_QUEUE, calendars[0]!.id);
  });

  it('triggers a full sync that the pull job runs as a resync, and reports status', async () => {
    const f = await createSyncFixture(t);
    f.service.createExternal('primary', eventContent('Status'));
    await pull(f);
    const { syncId, calendars } = await triggerSync(t.ctx, f.connectionId, { mode: 'full' });
    expect(calendars).toBe(1);
    const [job] = await queued<PullJobData>(PULL_QUEUE, f.calendar.id);
    expect(job!.data).toMatchObject({ full: true, correlationId: syncId });
    await t.boss.deleteJob(PULL_QUEUE, job!.id);
    expect(await runPullJob(f.rt, job!.data)).toBe('success');
    const [resync] = await db.sql`
      select operation from sync_attempts where correlation_id = ${syncId}`;
    expect(resync?.operation).toBe('full_resync');
    const status = await syncStatus(t.ctx, f.connectionId);
    expect(status).toMatchObject({
      sync_status: 'active',
      progress: null,
      failed_events: 0,
      conflicts: 0,
      cursor: [{ calendar_id: f.calendar.id }],
    });
    expect(status.last_sync_at).not.toBeNull();
    expect(status.recent_events[0]).toMatchObject({ direction: 'inbound', status: 'success' });
    await pauseConnection(t.ctx, f.connectionId);
    await expect(triggerSync(t.ctx, f.connectionId)).rejects.toBeInstanceOf(
      ConnectionNotSyncingError,
    );
  });

  it('resolves a conflict by the user’s choice and pushes it everywhere', async () => {
    const f = await createSyncFixture(t);
    const id = f.service.createExternal('primary', eventContent('Lunch'));
    await pull(f);
    const [row] = await db.sql<
      { id: string }[]
    >`select id from appointments where user_id = ${f.userId}`;
    await db.sql`update appointments set title = 'Lunch (ours)', version = version + 1,
      updated_at = ${t.clock.now()} where id = ${row!.id}`;
    t.clock.advance(60_000);
    f.service.updateExternal('primary', id, { title: 'Lunch (theirs)' });
    await pull(f);
    const [conflict] = await db.sql<{ id: string }[]>`
      select id from conflicts where connection_id = ${f.connectionId} and status = 'open'`;
    const resolved = await resolveConflictAndSync(
      t.ctx,
      conflict!.id,
      { kind: 'keep_internal' },
      {
        resolvedBy: 'user:test',
      },
    );
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'kept_internal' });
    const [job] = await queued(PUSH_QUEUE, pushKey(row!.id, f.connectionId));
    expect(job).toBeDefined();
    await drain(PUSH_QUEUE, pushKey(row!.id, f.connectionId));
    await runPushJob(f.rt, { appointmentId: row!.id, connectionId: f.connectionId });
    expect(f.service.liveEvents('primary').map((e) => e.content.title)).toEqual(['Lunch (ours)']);
    expect((await findLinkOfAppointment(db.sql, row!.id, f.connectionId))!.state).toBe('synced');
    const feed = await listChanges(db.sql, {
      tenantId: f.tenantId,
      userId: null,
      afterSeq: '0',
      limit: 50,
    });
    expect(feed.some((c) => c.type === 'conflict.resolved')).toBe(true);
  });

  it('pauses and resumes: writes made while paused are pushed on resume', async () => {
    const f = await createSyncFixture(t);
    await pauseConnection(t.ctx, f.connectionId);
    const row = await f.hostAppointment(eventContent('While paused'));
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'skipped',
    );
    await resumeConnection(t.ctx, f.connectionId);
    expect((await f.connection()).status).toBe('active');
    expect(await queued(PUSH_QUEUE, pushKey(row.id, f.connectionId))).toHaveLength(1);
    expect(await queued(PULL_QUEUE, f.calendar.id)).toHaveLength(1);
    await drain(PUSH_QUEUE, pushKey(row.id, f.connectionId));
    await drain(PULL_QUEUE, f.calendar.id);
    const feed = await listChanges(db.sql, {
      tenantId: f.tenantId,
      userId: null,
      afterSeq: '0',
      limit: 50,
    });
    expect(
      feed.filter((c) => c.type === 'integration.updated').map((c) => c.data.sync_status),
    ).toEqual(['paused', 'active']);
  });

  it('disconnects: channels stopped, tokens revoked, credentials deleted, appointments kept', async () => {
    const f = await createSyncFixture(t);
    f.service.createExternal('primary', eventContent('Imported'));
    await pull(f);
    // The renewal scans every connection: park the other tests' ones.
    await db.sql`update connections set status = 'paused' where id <> ${f.connectionId}`;
    const { runWatchRenewal } = await import('../jobs/watch-renewal.js');
    await runWatchRenewal(f.rt);
    expect(f.service.watchChannels()).toHaveLength(1);
    const row = await disconnectConnection(f.rt, f.connectionId);
    expect(row).toMatchObject({ status: 'disconnected', credentials: null });
    expect(f.service.watchChannels()).toHaveLength(0);
    expect(f.service.calls.get('revokeCredentials')).toBe(1);
    const [kept] =
      await db.sql`select sync_source, deleted_at from appointments where user_id = ${f.userId}`;
    expect(kept).toMatchObject({ sync_source: null, deleted_at: null });
    const [links] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from event_links where connection_id = ${f.connectionId}`;
    expect(links?.n).toBe(0);
    expect(await pull(f)).toBe('skipped');
  });
});

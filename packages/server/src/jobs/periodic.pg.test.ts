import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openCredentials } from '../providers/credentials.js';
import { openProviderSession } from '../providers/session.js';
import { findCalendar } from '../store/calendars.js';
import { listBusyBlocks } from '../store/busy-blocks.js';
import { handleChannelNotification } from '../sync/notifications.js';
import { createSyncFixture, eventContent, invalidGrant } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { runAvailabilityJob } from './availability.js';
import { runPollScheduler } from './poll-scheduler.js';
import { PULL_QUEUE, type PullJobData } from './queues.js';
import { runTokenRefresh } from './token-refresh.js';
import { runWatchRenewal } from './watch-renewal.js';

describe('periodic sync jobs', () => {
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
  // The periodic jobs scan every connection: each test starts with the others parked.
  beforeEach(async () => {
    await db.sql`update connections set status = 'paused' where status = 'active'`;
  });

  it('getAccessToken refreshes within 5 minutes of expiry, not before', async () => {
    const f = await createSyncFixture(t);
    const session = await openProviderSession(f.rt, f.connectionId);
    t.clock.advance(50 * 60_000); // 10 minutes left
    expect(await session.getAccessToken()).toBe('at-0');
    t.clock.advance(6 * 60_000); // 4 minutes left
    expect(await session.getAccessToken()).toBe('at-1');
    expect(f.refreshes).toBe(1);
    const connection = await f.connection();
    const stored = openCredentials(t.ctx.keyring, connection, connection.credentials!);
    expect(stored.refreshToken).toBe('rt-1');
  });

  it('refreshes expiring tokens on schedule and parks connections whose grant is gone', async () => {
    const ok = await createSyncFixture(t);
    t.clock.advance(57 * 60_000);
    expect(await runTokenRefresh(ok.rt)).toEqual({ refreshed: 1, failed: 0 });
    expect(ok.refreshes).toBe(1);
    expect((await ok.connection()).access_token_expires_at!.getTime()).toBeGreaterThan(
      t.clock.now().getTime() + 50 * 60_000,
    );
    expect(await runTokenRefresh(ok.rt)).toEqual({ refreshed: 0, failed: 0 });

    await db.sql`update connections set status = 'paused' where id = ${ok.connectionId}`;
    const refused = await createSyncFixture(t);
    refused.refreshError = invalidGrant();
    t.clock.advance(57 * 60_000);
    expect(await runTokenRefresh(refused.rt)).toEqual({ refreshed: 0, failed: 1 });
    expect((await refused.connection()).status).toBe('needs_reauth');
    const [attempt] = await db.sql`
      select status, error_class from sync_attempts
      where connection_id = ${refused.connectionId} and operation = 'refresh_token'`;
    expect(attempt).toMatchObject({ status: 'fail', error_class: 'auth' });
  });

  it('enqueues pulls of due calendars once and plans the next poll with jitter', async () => {
    const f = await createSyncFixture(t);
    await db.sql`update calendars set next_poll_at = ${t.clock.now()} where id = ${f.calendar.id}`;
    expect(await runPollScheduler(f.rt)).toBe(1);
    expect(await runPollScheduler(f.rt)).toBe(0);
    const next = (await findCalendar(db.sql, f.calendar.id))!.next_poll_at!.getTime();
    expect(next - t.clock.now().getTime()).toBeGreaterThanOrEqual(5 * 60_000);
    expect(next - t.clock.now().getTime()).toBeLessThan(6 * 60_000);
    const jobs = await t.boss.findJobs(PULL_QUEUE, { key: f.calendar.id, queued: true });
    expect(jobs).toHaveLength(1);
    await t.boss.deleteJob(PULL_QUEUE, jobs[0]!.id);
  });

  it('opens channels, keeps live ones, renews them before expiry, and stretches polling', async () => {
    const f = await createSyncFixture(t);
    expect(await runWatchRenewal(f.rt)).toMatchObject({ opened: 1, stopped: 0 });
    expect(await runWatchRenewal(f.rt)).toMatchObject({ opened: 0, stopped: 0 });
    const [channel] = await db.sql<{ channel_id: string; expires_at: Date }[]>`
      select channel_id, expires_at from watch_channels where connection_id = ${f.connectionId}`;
    expect(f.service.watchChannels().map((c) => c.channelId)).toEqual([channel!.channel_id]);
    t.clock.set(new Date(channel!.expires_at.getTime() - 3_600_000));
    expect(await runWatchRenewal(f.rt)).toMatchObject({ opened: 1, stopped: 1 });
    const live = await db.sql`
      select status from watch_channels where connection_id = ${f.connectionId} order by created_at`;
    expect(live.map((c) => c.status)).toEqual(['stopped', 'active']);
    expect(f.service.watchChannels()).toHaveLength(1);
  });

  it('refreshes availability into busy blocks', async () => {
    const f = await createSyncFixture(t);
    f.service.createExternal('primary', eventContent('Busy one', '2026-06-20T08:00:00.000Z'));
    f.service.createExternal('primary', {
      ...eventContent('Free one'),
      transparency: 'transparent',
    });
    expect(await runAvailabilityJob(f.rt, { connectionId: f.connectionId })).toBe('success');
    const blocks = await listBusyBlocks(db.sql, {
      userId: f.userId,
      from: t.clock.now(),
      to: new Date(t.clock.now().getTime() + 90 * 86_400_000),
    });
    expect(blocks.map((b) => b.starts_at.toISOString())).toEqual(['2026-06-20T08:00:00.000Z']);
    // A second refresh replaces, never duplicates.
    await runAvailabilityJob(f.rt, { connectionId: f.connectionId });
    expect(
      await listBusyBlocks(db.sql, {
        userId: f.userId,
        from: t.clock.now(),
        to: new Date('2027-01-01'),
      }),
    ).toHaveLength(1);
  });
});

describe('provider notifications', () => {
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

  it('verifies the channel token and coalesces a storm into one queued pull', async () => {
    const f = await createSyncFixture(t);
    let token = '';
    const watch = f.service.adapter.watch;
    f.service.adapter.watch = async (request) => {
      token = request.verificationToken;
      return watch(request);
    };
    await runWatchRenewal(f.rt);
    const [channel] = await db.sql<{ channel_id: string }[]>`
      select channel_id from watch_channels where connection_id = ${f.connectionId}`;
    const channelId = channel!.channel_id;
    expect(await handleChannelNotification(t.ctx, { channelId: 'nope', token })).toBe(
      'unknown_channel',
    );
    expect(await handleChannelNotification(t.ctx, { channelId, token: 'forged' })).toBe(
      'bad_token',
    );
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => handleChannelNotification(t.ctx, { channelId, token })),
    );
    expect(outcomes.filter((o) => o === 'queued')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'coalesced')).toHaveLength(19);
    const [job] = await t.boss.findJobs<PullJobData>(PULL_QUEUE, {
      key: f.calendar.id,
      queued: true,
    });
    expect(job!.data).toMatchObject({ reason: 'notification', connectionId: f.connectionId });
    expect(job!.data.notifiedAt).toBeDefined();
  });
});

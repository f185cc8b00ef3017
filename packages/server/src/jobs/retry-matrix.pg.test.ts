import type { JobWithMetadata } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCredentials, sealCredentials } from '../providers/credentials.js';
import { updateAppointmentContent } from '../store/appointments.js';
import { listChanges } from '../store/changes.js';
import { updateConnectionSettings } from '../store/connections.js';
import { findLinkOfAppointment } from '../store/event-links.js';
import { runWithRetryMatrix } from '../sync/attempt-runner.js';
import { reprocessAttempt } from '../sync/reprocess.js';
import {
  createSyncFixture,
  eventContent,
  invalidGrant,
  type SyncFixture,
} from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { runPullJob } from './pull.js';
import { runPushJob } from './push.js';
import {
  enqueuePull,
  PULL_QUEUE,
  PUSH_QUEUE,
  pushKey,
  type PullJobData,
  type PushJobData,
} from './queues.js';

describe('the retry matrix, row by row', () => {
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

  /** The one queued job of a key (and takes it off the queue, as a worker would). */
  async function takeQueued<T extends object>(
    queue: string,
    key: string,
  ): Promise<JobWithMetadata<T>> {
    const jobs = await t.boss.findJobs<T>(queue, { key, queued: true });
    expect(jobs).toHaveLength(1);
    await t.boss.deleteJob(queue, jobs[0]!.id);
    return jobs[0]!;
  }

  function delaySeconds(job: JobWithMetadata<object>): number {
    return (job.startAfter.getTime() - job.createdOn.getTime()) / 1000;
  }

  async function attempts(f: SyncFixture) {
    return db.sql<
      {
        operation: string;
        status: string;
        error_class: string | null;
        attempt: number;
        correlation_id: string;
      }[]
    >`
      select operation, status, error_class, attempt, correlation_id from sync_attempts
      where connection_id = ${f.connectionId} and operation <> 'refresh_token' order by started_at, attempt`;
  }

  async function changesOf(f: SyncFixture) {
    return listChanges(db.sql, { tenantId: f.tenantId, userId: null, afterSeq: '0', limit: 100 });
  }

  it('transient: backs off with jitter and succeeds on the re-sent job', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Transient'));
    f.service.injectFault({ operation: 'createEvent', errorClass: 'transient', times: 1 });
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'retrying',
    );
    const job = await takeQueued<PushJobData>(PUSH_QUEUE, pushKey(row.id, f.connectionId));
    expect(job.data.attempt).toBe(2);
    expect(delaySeconds(job)).toBeGreaterThanOrEqual(0.9);
    expect(await runPushJob(f.rt, job.data)).toBe('success');
    expect(f.service.liveEvents('primary')).toHaveLength(1);
    const rows = await attempts(f);
    expect(rows.map((r) => [r.status, r.error_class, r.attempt])).toEqual([
      ['retrying', 'transient', 1],
      ['success', null, 2],
    ]);
    expect(new Set(rows.map((r) => r.correlation_id)).size).toBe(1);
  });

  it('transient: gives up after the last attempt as a failed attempt', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Exhausted'));
    f.service.injectFault({ operation: 'createEvent', errorClass: 'transient', times: 1 });
    expect(
      await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId, attempt: 20 }),
    ).toBe('failed');
    expect((await attempts(f)).at(-1)).toMatchObject({ status: 'fail', error_class: 'transient' });
    expect((await changesOf(f)).some((c) => c.type === 'sync.failed')).toBe(true);
  });

  it('a database deadlock is transient: retried later, the connection stays active', async () => {
    const f = await createSyncFixture(t);
    const [a, b] = [
      await f.hostAppointment(eventContent('A')),
      await f.hostAppointment(eventContent('B')),
    ];
    /** Two transactions locking the same two rows in opposite orders: Postgres ends one. */
    const deadlock = async () => {
      const lockBoth = (first: string, second: string) =>
        db.sql.begin(async (tx) => {
          await tx`select id from appointments where id = ${first} for update`;
          await tx`select pg_sleep(0.2)`;
          await tx`select id from appointments where id = ${second} for update`;
        });
      await Promise.all([lockBoth(a.id, b.id), lockBoth(b.id, a.id)]);
    };
    let retriedAfter: number | null = null;
    const outcome = await runWithRetryMatrix(
      f.rt,
      {
        connection: await f.connection(),
        calendarId: null,
        appointmentId: a.id,
        operation: 'push',
        correlationId: crypto.randomUUID(),
        attempt: 1,
      },
      {
        run: deadlock,
        refreshAuth: async () => undefined,
        retryLater: async (delaySeconds) => {
          retriedAfter = delaySeconds;
        },
      },
    );
    expect(outcome).toBe('retrying');
    expect(retriedAfter).not.toBeNull();
    expect((await attempts(f)).at(-1)).toMatchObject({
      status: 'retrying',
      error_class: 'transient',
    });
    expect((await f.connection()).status).toBe('active');
  });

  it('rate-limited: honours Retry-After, and a notification during the backoff waits', async () => {
    const f = await createSyncFixture(t);
    f.service.createExternal('primary', eventContent('Limited'));
    const data: PullJobData = { calendarId: f.calendar.id, connectionId: f.connectionId };
    // A notification's pull is already queued while this one runs and gets limited.
    expect(await enqueuePull(t.ctx.jobs, { ...data, reason: 'notification' })).not.toBeNull();
    f.service.injectFault({
      operation: 'pullChanges',
      errorClass: 'rate_limited',
      times: 1,
      retryAfterSeconds: 30,
    });
    expect(await runPullJob(f.rt, data)).toBe('retrying');
    // Another notification coalesces into the same queued job.
    expect(await enqueuePull(t.ctx.jobs, { ...data, reason: 'notification' })).toBeNull();
    const job = await takeQueued<PullJobData>(PULL_QUEUE, f.calendar.id);
    expect(delaySeconds(job)).toBeGreaterThanOrEqual(29);
    expect(job.data.attempt).toBe(2);
    expect(await runPullJob(f.rt, job.data)).toBe('success');
    expect((await attempts(f)).map((r) => r.error_class)).toEqual(['rate_limited', null]);
  });

  it('auth: refreshes once, persists the rotated token, and succeeds', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Auth once'));
    f.service.injectFault({ operation: 'createEvent', errorClass: 'auth', times: 1 });
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'success',
    );
    expect(f.refreshes).toBe(1);
    const connection = await f.connection();
    const stored = openCredentials(t.ctx.keyring, connection, connection.credentials!);
    expect(stored).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });
    expect(JSON.stringify(connection)).not.toContain('rt-1');
    expect((await attempts(f)).map((r) => [r.status, r.error_class])).toEqual([
      ['retrying', 'auth'],
      ['success', null],
    ]);
  });

  it('auth: a job retried through an outage still refreshes an expired token once', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Auth after outage'));
    f.service.injectFault({ operation: 'createEvent', errorClass: 'auth', times: 1 });
    const job = { appointmentId: row.id, connectionId: f.connectionId, attempt: 5 };
    expect(await runPushJob(f.rt, job)).toBe('success');
    expect(f.refreshes).toBe(1);
    expect((await f.connection()).status).toBe('active');
    expect((await attempts(f)).map((r) => [r.status, r.error_class, r.attempt])).toEqual([
      ['retrying', 'auth', 5],
      ['success', null, 6],
    ]);
  });

  it('auth: a second failure marks the connection needs_reauth, pauses it and tells the host', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Auth twice'));
    f.service.injectFault({ operation: 'createEvent', errorClass: 'auth', times: 2 });
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'needs_reauth',
    );
    expect(f.refreshes).toBe(1);
    expect((await f.connection()).status).toBe('needs_reauth');
    const update = (await changesOf(f)).find((c) => c.type === 'integration.updated');
    expect(update?.data).toMatchObject({ id: f.connectionId, sync_status: 'needs_reauth' });
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'skipped',
    );
  });

  it('auth: a refused refresh marks needs_reauth at once', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Refused'));
    f.refreshError = invalidGrant();
    f.service.injectFault({ operation: 'createEvent', errorClass: 'auth', times: 1 });
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'needs_reauth',
    );
    const connection = await f.connection();
    expect(connection).toMatchObject({
      status: 'needs_reauth',
      status_reason: 'token_refresh_failed',
    });
  });

  it('auth: a connection with nothing to refresh fails the attempt and needs reauthorisation', async () => {
    const f = await createSyncFixture(t);
    // A password connection: no access token, and a provider entry without `refresh`.
    const sealed = sealCredentials(t.ctx.keyring, await f.connection(), {
      username: 'alice',
      password: 'secret',
    });
    await db.sql`
      update connections set credentials = ${sealed.envelope}, access_token_expires_at = null
      where id = ${f.connectionId}`;
    f.registry.register('google', { createAdapter: () => f.service.adapter });
    f.service.injectFault({ operation: 'pullChanges', errorClass: 'auth', times: 1 });
    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('needs_reauth');
    expect(await f.connection()).toMatchObject({
      status: 'needs_reauth',
      status_reason: 'provider_rejected_credentials',
    });
    expect((await attempts(f)).map((r) => [r.operation, r.status, r.error_class])).toEqual([
      ['pull', 'fail', 'auth'],
    ]);
    const updates = (await changesOf(f)).filter((c) => c.type === 'integration.updated');
    expect(updates.map((c) => c.data)).toEqual([
      expect.objectContaining({ id: f.connectionId, sync_status: 'needs_reauth' }),
    ]);
    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('skipped');
  });

  it('not found on update: a conflict with the deletion; the newer edit recreates the event under a new key', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Gone'));
    await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId });
    const before = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    f.service.deleteExternal('primary', before.external_event_id);
    t.clock.advance(60_000);
    await updateAppointmentContent(db.sql, {
      id: row.id,
      content: eventContent('Gone (back)'),
      now: t.clock.now(),
    });
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'success',
    );
    const [conflict] = await db.sql<{ conflict_reason: string; auto_resolution: string }[]>`
      select conflict_reason, auto_resolution from conflicts where appointment_id = ${row.id}`;
    expect(conflict).toEqual({
      conflict_reason: 'edit_vs_remote_delete',
      auto_resolution: 'kept_internal',
    });
    // The reconcile queued the push that recreates the event; run it as the worker would.
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'success',
    );
    const after = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    expect(after.external_event_id).not.toBe(before.external_event_id);
    expect(after.state).toBe('synced');
    expect(f.service.liveEvents('primary').map((e) => [e.externalId, e.content.title])).toEqual([
      [after.external_event_id, 'Gone (back)'],
    ]);
  });

  it('not found on update of an edit older than our last sight of the event: the deletion wins', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Dropped'));
    // Edited before the event was last written: the link saw the event after that edit.
    await updateAppointmentContent(db.sql, {
      id: row.id,
      content: eventContent('Dropped (edited)'),
      now: t.clock.now(),
    });
    t.clock.advance(60_000);
    await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId });
    const link = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    f.service.deleteExternal('primary', link.external_event_id);
    // An edit stamped before that sight (a clock behind the provider's) meets the deletion.
    await db.sql`update appointments set title = 'Dropped (late)', version = version + 1,
      updated_at = ${new Date(t.clock.now().getTime() - 30_000)} where id = ${row.id}`;
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'success',
    );
    const [conflict] = await db.sql<{ auto_resolution: string }[]>`
      select auto_resolution from conflicts where appointment_id = ${row.id}`;
    expect(conflict?.auto_resolution).toBe('kept_external');
    const [appointment] = await db.sql<{ deleted_at: Date | null }[]>`
      select deleted_at from appointments where id = ${row.id}`;
    expect(appointment!.deleted_at).not.toBeNull();
    expect(f.service.liveEvents('primary')).toEqual([]);
  });

  it('precondition failed: pulls, reconciles, and pushes again with the fresh etag', async () => {
    const f = await createSyncFixture(t);
    // Full privacy, so the location is shared both ways.
    await updateConnectionSettings(
      db.sql,
      f.connectionId,
      { privacy_level: 'full' },
      t.clock.now(),
    );
    const row = await f.hostAppointment(eventContent('Sprint review'));
    await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId });
    const link = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    f.service.updateExternal('primary', link.external_event_id, { location: 'Room 4' });
    await updateAppointmentContent(db.sql, {
      id: row.id,
      content: eventContent('Sprint review (final)'),
      now: t.clock.now(),
    });
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'follow_up',
    );
    expect(await attempts(f)).toContainEqual(
      expect.objectContaining({
        operation: 'push',
        status: 'retrying',
        error_class: 'precondition_failed',
      }),
    );
    const pull = await takeQueued<PullJobData>(PULL_QUEUE, f.calendar.id);
    expect(await runPullJob(f.rt, pull.data)).toBe('success');
    const push = await takeQueued<PushJobData>(PUSH_QUEUE, pushKey(row.id, f.connectionId));
    expect(await runPushJob(f.rt, push.data)).toBe('success');
    const [event] = f.service.liveEvents('primary');
    expect(event!.content).toMatchObject({ title: 'Sprint review (final)', location: 'Room 4' });
    const [stored] = await db.sql`select title, location from appointments where id = ${row.id}`;
    expect(stored).toMatchObject({ title: 'Sprint review (final)', location: 'Room 4' });
  });

  it('cursor expired: runs a full resync of the window with zero duplicates', async () => {
    const f = await createSyncFixture(t, { pageSize: 2 });
    const ids = ['Uno', 'Dos', 'Tres'].map((title) =>
      f.service.createExternal('primary', eventContent(title)),
    );
    const hosted = await f.hostAppointment(eventContent('Ours'));
    await runPushJob(f.rt, { appointmentId: hosted.id, connectionId: f.connectionId });
    await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId });
    f.service.expireCursors('primary');
    f.service.updateExternal('primary', ids[0]!, { title: 'Uno (edited)' });
    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');
    const rows = (await attempts(f)).map((r) => [r.operation, r.status, r.error_class]);
    expect(rows).toContainEqual(['pull', 'retrying', 'cursor_expired']);
    expect(rows).toContainEqual(['full_resync', 'success', null]);
    const titles = await db.sql<{ title: string }[]>`
      select title from appointments where user_id = ${f.userId} and deleted_at is null order by title`;
    expect(titles.map((r) => r.title)).toEqual(['Dos', 'Ours', 'Tres', 'Uno (edited)']);
    const [links] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from event_links where connection_id = ${f.connectionId}`;
    expect(links?.n).toBe(4);
    expect(f.service.liveEvents('primary')).toHaveLength(4);
  });

  it('non-retryable: a failed attempt an admin can reprocess', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Bad request'));
    f.service.injectFault({ operation: 'createEvent', errorClass: 'non_retryable', times: 1 });
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'failed',
    );
    const [failed] = await db.sql<{ id: string; correlation_id: string }[]>`
      select id, correlation_id from sync_attempts where connection_id = ${f.connectionId} and status = 'fail'`;
    expect((await changesOf(f)).find((c) => c.type === 'sync.failed')?.data).toMatchObject({
      attempt_id: failed!.id,
      error_class: 'non_retryable',
    });
    expect(await f.connection()).toMatchObject({
      status: 'error',
      status_reason: 'push: non_retryable',
    });
    const reprocessed = await reprocessAttempt(t.ctx, failed!.id);
    expect(reprocessed.reprocessed_at).not.toBeNull();
    await expect(reprocessAttempt(t.ctx, (await attempts(f))[0]!.correlation_id)).rejects.toThrow();
    const job = await takeQueued<PushJobData>(PUSH_QUEUE, pushKey(row.id, f.connectionId));
    expect(job.data.correlationId).toBe(failed!.correlation_id);
    expect(await runPushJob(f.rt, job.data)).toBe('success');
    expect(f.service.liveEvents('primary').map((e) => e.content.title)).toEqual(['Bad request']);
    expect((await f.connection()).status).toBe('active');
    const statuses = (await changesOf(f))
      .filter((c) => c.type === 'integration.updated')
      .map((c) => c.data.sync_status);
    expect(statuses).toEqual(['error', 'active']);
  });
});

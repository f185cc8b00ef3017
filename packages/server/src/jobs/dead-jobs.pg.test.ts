import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttempt } from '../store/sync-attempts.js';
import { createSyncFixture, eventContent, type SyncFixture } from '../sync/test-fixture.js';
import { triggerSync } from '../sync/trigger-sync.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { JOB_SCHEMA, startJobQueue } from './boss.js';
import {
  closeAttemptsOfDeadJobs,
  sweepAttemptsOfDeadJobs,
  WORKER_LOST_MESSAGE,
} from './dead-attempts.js';
import { JOB_HEARTBEAT_SECONDS } from './liveness.js';
import { runPullJob } from './pull.js';
import { approvedPushKey, enqueuePull, enqueuePushTo, PULL_QUEUE, PUSH_QUEUE } from './queues.js';

describe('jobs whose worker died', () => {
  let db: TestDatabase;
  let t: TestContext;
  let supervisor: PgBoss | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
  });
  afterAll(async () => {
    await supervisor?.stop({ graceful: false, close: true });
    await t.close();
    await db.drop();
  });

  const job = (id: string) =>
    db.sql<{ state: string; heartbeat_seconds: number | null; data: { reason?: string } }[]>`
      select state, heartbeat_seconds, data from ${db.sql(JOB_SCHEMA)}.job where id = ${id}`.then(
      ([row]) => row!,
    );

  const pullJobsOf = (calendarId: string) =>
    db.sql<{ state: string; reason: string | null }[]>`
      select state, data->>'reason' as reason from ${db.sql(JOB_SCHEMA)}.job
      where name = ${PULL_QUEUE} and singleton_key = ${calendarId} order by created_on`;

  const attempt = (id: string) =>
    db.sql<{ status: string; error_class: string | null; error_message: string | null }[]>`
      select status, error_class, error_message from sync_attempts where id = ${id}`.then(
      ([row]) => row!,
    );

  /** A pull job taken by a worker that then stops: active, with an open attempt row. */
  async function claimedPull(f: SyncFixture): Promise<{ jobId: string; attemptId: string }> {
    // Only this test's job is waiting, so the fetch claims it.
    await db.sql`delete from ${db.sql(JOB_SCHEMA)}.job where name = ${PULL_QUEUE}`;
    const sent = await enqueuePull(t.ctx.jobs, {
      calendarId: f.calendar.id,
      connectionId: f.connectionId,
      reason: 'poll',
    });
    const [claimed] = await t.boss.fetch(PULL_QUEUE);
    expect(claimed?.id).toBe(sent);
    const row = await startAttempt(db.sql, {
      tenantId: f.tenantId,
      connectionId: f.connectionId,
      calendarId: f.calendar.id,
      appointmentId: null,
      operation: 'pull',
      correlationId: crypto.randomUUID(),
      attempt: 1,
      now: new Date(Date.now() - 60_000),
    });
    return { jobId: sent!, attemptId: row.id };
  }

  it('heartbeats every sync job, and the supervisor fails a silent one within the minute', async () => {
    const f = await createSyncFixture(t);
    const { jobId } = await claimedPull(f);
    expect((await job(jobId)).heartbeat_seconds).toBe(JOB_HEARTBEAT_SECONDS);
    // The job's worker never heartbeats (it died); a worker process supervises the queues.
    supervisor = await startJobQueue({ databaseUrl: db.url, role: 'worker' });
    await expect
      .poll(async () => (await job(jobId)).state, { timeout: 60_000, interval: 500 })
      .toBe('retry');
    await supervisor.stop({ graceful: false, close: true });
    supervisor = undefined;
  }, 90_000);

  it('lets a requested sync take over a pull whose heartbeat went silent', async () => {
    const f = await createSyncFixture(t);
    const { jobId, attemptId } = await claimedPull(f);
    await db.sql`
      update ${db.sql(JOB_SCHEMA)}.job set heartbeat_on = now() - interval '1 minute'
      where id = ${jobId}`;
    const result = await triggerSync(t.ctx, f.connectionId, { mode: 'incremental' });
    expect(result.takenOver).toBe(1);
    expect((await job(jobId)).state).toBe('cancelled');
    expect(await pullJobsOf(f.calendar.id)).toEqual([
      { state: 'cancelled', reason: 'poll' },
      { state: 'created', reason: 'manual' },
    ]);
    expect(await attempt(attemptId)).toEqual({
      status: 'fail',
      error_class: 'transient',
      error_message: WORKER_LOST_MESSAGE,
    });
  });

  it('takes over a pull without a heartbeat that has been active for a minute', async () => {
    const f = await createSyncFixture(t);
    const { jobId } = await claimedPull(f);
    await db.sql`
      update ${db.sql(JOB_SCHEMA)}.job
      set heartbeat_seconds = null, started_on = now() - interval '2 minutes'
      where id = ${jobId}`;
    const result = await triggerSync(t.ctx, f.connectionId, { mode: 'full' });
    expect(result.takenOver).toBe(1);
    expect((await job(jobId)).state).toBe('cancelled');
  });

  it('leaves a live pull running and queues the requested one behind it', async () => {
    const f = await createSyncFixture(t);
    const { jobId, attemptId } = await claimedPull(f);
    const result = await triggerSync(t.ctx, f.connectionId, { mode: 'full' });
    expect(result.takenOver).toBe(0);
    expect(await pullJobsOf(f.calendar.id)).toEqual([
      { state: 'active', reason: 'poll' },
      { state: 'created', reason: 'manual' },
    ]);
    expect((await job(jobId)).state).toBe('active');
    expect((await attempt(attemptId)).status).toBe('running');
  });

  it('closes a dead attempt when the next pull of its calendar starts', async () => {
    const f = await createSyncFixture(t);
    const dead = await startAttempt(db.sql, {
      tenantId: f.tenantId,
      connectionId: f.connectionId,
      calendarId: f.calendar.id,
      appointmentId: null,
      operation: 'full_resync',
      correlationId: crypto.randomUUID(),
      attempt: 1,
      now: t.clock.now(),
    });
    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');
    expect(await attempt(dead.id)).toMatchObject({ status: 'fail', error_class: 'transient' });
    const [open] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from sync_attempts
      where connection_id = ${f.connectionId} and status = 'running'`;
    expect(open?.n).toBe(0);
  });

  it('sweeps attempts no active job works on, and only those', async () => {
    const f = await createSyncFixture(t);
    const { attemptId: worked } = await claimedPull(f);
    const now = new Date();
    const open = (input: { appointmentId?: string; at: Date; operation: 'push' | 'free_busy' }) =>
      startAttempt(db.sql, {
        tenantId: f.tenantId,
        connectionId: f.connectionId,
        calendarId: null,
        appointmentId: input.appointmentId ?? null,
        operation: input.operation,
        correlationId: crypto.randomUUID(),
        attempt: 1,
        now: input.at,
      });
    const lost = await open({ operation: 'free_busy', at: new Date(now.getTime() - 60_000) });
    const young = await open({ operation: 'free_busy', at: now });
    const closed = await sweepAttemptsOfDeadJobs(db.sql, now);
    expect(closed).toContain(lost.id);
    expect(closed).not.toContain(worked);
    expect(closed).not.toContain(young.id);
    expect(await attempt(lost.id)).toMatchObject({
      status: 'fail',
      error_message: WORKER_LOST_MESSAGE,
    });
    expect((await attempt(worked)).status).toBe('running');
    expect((await attempt(young.id)).status).toBe('running');
  });

  it('leaves a push attempt open while another push of the pair (an approved write) is active', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Approved'));
    await db.sql`delete from ${db.sql(JOB_SCHEMA)}.job where name = ${PUSH_QUEUE}`;
    const pair = { appointmentId: row.id, connectionId: f.connectionId };
    await enqueuePushTo(t.ctx.jobs, pair);
    await t.boss.send(
      PUSH_QUEUE,
      { ...pair, approvalId: crypto.randomUUID() },
      { singletonKey: approvedPushKey('a') },
    );
    expect(await t.boss.fetch(PUSH_QUEUE, { batchSize: 2 })).toHaveLength(2);
    const open = await startAttempt(db.sql, {
      tenantId: f.tenantId,
      connectionId: f.connectionId,
      calendarId: null,
      appointmentId: row.id,
      operation: 'push',
      correlationId: crypto.randomUUID(),
      attempt: 1,
      now: t.clock.now(),
    });
    const owner = { kind: 'push', ...pair } as const;
    expect(await closeAttemptsOfDeadJobs(db.sql, owner, t.clock.now())).toEqual([]);
    await db.sql`
      delete from ${db.sql(JOB_SCHEMA)}.job
      where name = ${PUSH_QUEUE} and singleton_key = ${approvedPushKey('a')}`;
    expect(await closeAttemptsOfDeadJobs(db.sql, owner, t.clock.now())).toEqual([open.id]);
  });
});

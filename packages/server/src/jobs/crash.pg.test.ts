import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLinkOfAppointment } from '../store/event-links.js';
import { createSyncFixture, eventContent } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { JOB_SCHEMA } from './boss.js';
import { enqueuePushTo } from './queues.js';
import { createSyncQueues, registerSyncJobs } from './register-sync.js';
import { startWorkerChild } from './testing/child-process.js';

describe('a worker killed in the middle of a push', () => {
  let db: TestDatabase;
  let t: TestContext;
  let restarted: PgBoss | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    // Short expiry, so pg-boss takes the dead worker's job back quickly.
    await createSyncQueues(t.boss, { pull: 60, push: 2 });
  });
  afterAll(async () => {
    await restarted?.stop({ graceful: false, close: true });
    await t.close();
    await db.drop();
  });

  it('leaves exactly one external event after the restart', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Crash-proof'));
    const child = await startWorkerChild({
      databaseUrl: db.url,
      keyring: t.ctx.keyring,
      now: t.clock.now(),
      adapter: f.service.adapter,
      // SIGKILL right after the provider made the event, before the worker hears back.
      afterCall: (method, proc) => {
        if (method !== 'createEvent') return true;
        proc.kill('SIGKILL');
        return false;
      },
    });
    await enqueuePushTo(t.ctx.jobs, { appointmentId: row.id, connectionId: f.connectionId });
    expect(await child.exited).toBe('SIGKILL');
    expect(f.service.liveEvents('primary')).toHaveLength(1);
    const pending = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    expect(pending.state).toBe('pending_create');

    // The restarted worker supervises every second, so the dead worker's job expires quickly.
    restarted = new PgBoss({
      connectionString: db.url,
      schema: JOB_SCHEMA,
      supervise: true,
      superviseIntervalSeconds: 1,
      monitorIntervalSeconds: 1,
      max: 3,
    });
    await restarted.start();
    await registerSyncJobs(t.ctx, restarted, f.registry, {
      schedules: false,
      workerPollingSeconds: 0.5,
      expireInSeconds: { pull: 60, push: 2 },
    });
    await expect
      .poll(async () => (await findLinkOfAppointment(db.sql, row.id, f.connectionId))?.state, {
        timeout: 30_000,
        interval: 500,
      })
      .toBe('synced');
    const events = f.service.liveEvents('primary');
    expect(events).toHaveLength(1);
    expect(f.service.calls.get('createEvent')).toBe(2);
    const link = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    expect(link.external_event_id).toBe(events[0]!.externalId);
    expect(link.idempotency_key).toBe(pending.idempotency_key);
  });
});

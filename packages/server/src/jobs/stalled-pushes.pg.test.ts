import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventContent, createSyncFixture } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { runPollScheduler } from './poll-scheduler.js';
import { runPushJob } from './push.js';
import { PUSH_QUEUE, pushKey } from './queues.js';
import { STALLED_PUSH_MS } from './stalled-pushes.js';

describe('pushes whose job was lost are resumed', () => {
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

  async function queuedPushes(appointmentId: string, connectionId: string) {
    return t.boss.findJobs(PUSH_QUEUE, { key: pushKey(appointmentId, connectionId), queued: true });
  }

  it('re-enqueues a link left pending past the stall period, once per period', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Interrupted'));
    // A create planned (link pending, key stored) whose job then vanished with its worker.
    await db.sql`
      insert into event_links (tenant_id, appointment_id, connection_id, calendar_id,
        external_event_id, idempotency_key, state, created_at, updated_at)
      values (${f.tenantId}, ${row.id}, ${f.connectionId}, ${f.calendar.id}, 'key-1', 'key-1',
        'pending_create', ${t.clock.now()}, ${t.clock.now()})`;
    await runPollScheduler(f.rt);
    expect(await queuedPushes(row.id, f.connectionId)).toHaveLength(0);

    t.clock.advance(STALLED_PUSH_MS + 60_000);
    await runPollScheduler(f.rt);
    const [job] = await queuedPushes(row.id, f.connectionId);
    expect(job).toBeDefined();
    await t.boss.deleteJob(PUSH_QUEUE, job!.id);
    // Stamped: the next run leaves it alone until another period has passed.
    await runPollScheduler(f.rt);
    expect(await queuedPushes(row.id, f.connectionId)).toHaveLength(0);

    // The resumed push finishes the create.
    expect(await runPushJob(f.rt, { appointmentId: row.id, connectionId: f.connectionId })).toBe(
      'success',
    );
    expect(f.service.liveEvents('primary').map((e) => e.content.title)).toEqual(['Interrupted']);
  });

  it('leaves alone links of paused connections and those an approval holds', async () => {
    const f = await createSyncFixture(t);
    const held = await f.hostAppointment(eventContent('Held'));
    const paused = await createSyncFixture(t);
    const idle = await paused.hostAppointment(eventContent('Paused'));
    for (const [fx, row] of [
      [f, held],
      [paused, idle],
    ] as const) {
      await db.sql`
        insert into event_links (tenant_id, appointment_id, connection_id, calendar_id,
          external_event_id, idempotency_key, state, created_at, updated_at)
        values (${fx.tenantId}, ${row.id}, ${fx.connectionId}, ${fx.calendar.id}, ${row.id},
          ${row.id}, 'pending_create', ${t.clock.now()}, ${t.clock.now()})`;
    }
    await db.sql`
      insert into approvals (tenant_id, connection_id, appointment_id, action, snapshot,
        requested_at, expires_at)
      values (${f.tenantId}, ${f.connectionId}, ${held.id}, 'create', '{}', ${t.clock.now()},
        ${new Date(t.clock.now().getTime() + 86_400_000)})`;
    await db.sql`update connections set status = 'paused' where id = ${paused.connectionId}`;
    t.clock.advance(STALLED_PUSH_MS + 60_000);
    await runPollScheduler(f.rt);
    expect(await queuedPushes(held.id, f.connectionId)).toHaveLength(0);
    expect(await queuedPushes(idle.id, paused.connectionId)).toHaveLength(0);
  });
});

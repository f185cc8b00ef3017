import { TransientProviderError } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softDeleteAppointment, updateAppointmentContent } from '../store/appointments.js';
import { updateConnectionSettings } from '../store/connections.js';
import { findLinkOfAppointment } from '../store/event-links.js';
import { listChanges } from '../store/changes.js';
import { decideApproval } from '../sync/approvals.js';
import { createSyncFixture, eventContent, type SyncFixture } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { runApprovalExpiry } from './approval-expiry.js';
import { runPullJob } from './pull.js';
import { runPushJob } from './push.js';
import { PUSH_QUEUE } from './queues.js';

describe('push job', () => {
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

  const push = (f: SyncFixture, appointmentId: string, approvalId?: string) =>
    runPushJob(f.rt, {
      appointmentId,
      connectionId: f.connectionId,
      ...(approvalId ? { approvalId } : {}),
    });

  it('creates, updates and deletes the external event of a host appointment', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Interview'));
    expect(await push(f, row.id)).toBe('success');
    let link = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    expect(link.state).toBe('synced');
    expect(link.external_event_id).toBe(`evt-${link.idempotency_key}`);
    expect(f.service.liveEvents('primary').map((e) => e.content.title)).toEqual(['Interview']);

    await updateAppointmentContent(db.sql, {
      id: row.id,
      content: eventContent('Interview (round 2)'),
      now: t.clock.now(),
    });
    expect(await push(f, row.id)).toBe('success');
    expect(f.service.liveEvents('primary').map((e) => e.content.title)).toEqual([
      'Interview (round 2)',
    ]);
    link = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    expect(link.etag).toBe(f.service.liveEvents('primary')[0]!.etag);

    await softDeleteAppointment(db.sql, row.id, t.clock.now());
    expect(await push(f, row.id)).toBe('success');
    expect(f.service.liveEvents('primary')).toEqual([]);
    // The event is gone and we removed it: no link is left to hold it.
    expect(await findLinkOfAppointment(db.sql, row.id, f.connectionId)).toBeUndefined();
    const events = await db.sql`
      select event_type from sync_events where connection_id = ${f.connectionId} and direction = 'outbound'
      order by id`;
    expect(events.map((e) => e.event_type)).toEqual(['created', 'updated', 'deleted']);
  });

  it('is a no-op when the provider already holds the newest state, and the echo pulls as in sync', async () => {
    const f = await createSyncFixture(t);
    const row = await f.hostAppointment(eventContent('Demo'));
    await push(f, row.id);
    await push(f, row.id);
    expect(f.service.calls.get('createEvent')).toBe(1);
    expect(f.service.calls.get('updateEvent') ?? 0).toBe(0);
    await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId });
    const [count] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from appointments where user_id = ${f.userId}`;
    expect(count?.n).toBe(1);
    const [echo] = await db.sql`
      select event_type from sync_events where connection_id = ${f.connectionId} and direction = 'inbound'`;
    expect(echo?.event_type).toBe('unchanged');
  });

  it('recognises the echo of a create whose answer was lost, even under a provider-made iCalUID', async () => {
    const f = await createSyncFixture(t);
    const create = f.service.adapter.createEvent;
    let lose = true;
    f.service.adapter.createEvent = async (request) => {
      const written = await create(request);
      if (lose) {
        lose = false;
        throw new TransientProviderError('Service Unavailable');
      }
      return written;
    };
    const pullChanges = f.service.adapter.pullChanges;
    f.service.adapter.pullChanges = async (request) => {
      const page = await pullChanges(request);
      const changes = page.changes.map((c) =>
        c.kind === 'upsert'
          ? { ...c, event: { ...c.event, iCalUID: `${c.event.externalId}@google.com` } }
          : c,
      );
      return { ...page, changes };
    };
    const row = await f.hostAppointment(eventContent('Lost answer'));
    expect(await push(f, row.id)).toBe('retrying');
    // The notification of the event arrives before the retry.
    await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId });
    const [count] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from appointments where user_id = ${f.userId}`;
    expect(count?.n).toBe(1);
    expect(await push(f, row.id)).toBe('success');
    const link = (await findLinkOfAppointment(db.sql, row.id, f.connectionId))!;
    expect(link.state).toBe('synced');
    expect(f.service.liveEvents('primary').map((e) => e.externalId)).toEqual([
      link.external_event_id,
    ]);
    for (const job of await t.boss.findJobs(PUSH_QUEUE, { queued: true })) {
      await t.boss.deleteJob(PUSH_QUEUE, job.id);
    }
  });

  it('writes only what the privacy level allows', async () => {
    const f = await createSyncFixture(t);
    await updateConnectionSettings(
      db.sql,
      f.connectionId,
      { privacy_level: 'minimal' },
      t.clock.now(),
    );
    const row = await f.hostAppointment({
      ...eventContent('Therapy'),
      description: 'private notes',
    });
    await push(f, row.id);
    const [event] = f.service.liveEvents('primary');
    expect(event!.content.title).toBe('Busy');
    expect(event!.content.description).toBeNull();
    // The "Busy" copy reconciles as in sync: nothing comes back, nothing is pushed again.
    await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId });
    const [stored] = await db.sql`select title from appointments where id = ${row.id}`;
    expect(stored?.title).toBe('Therapy');
  });

  it('holds writes for approval, sends them once approved, and expires the rest', async () => {
    const f = await createSyncFixture(t);
    await updateConnectionSettings(
      db.sql,
      f.connectionId,
      { require_approval: true },
      t.clock.now(),
    );
    const row = await f.hostAppointment(eventContent('Board meeting'));
    await push(f, row.id);
    expect(f.service.liveEvents('primary')).toEqual([]);
    const [approval] = await db.sql<{ id: string; action: string; status: string }[]>`
      select id, action, status from approvals where connection_id = ${f.connectionId}`;
    expect(approval).toMatchObject({ action: 'create', status: 'pending' });

    await decideApproval(t.ctx, approval!.id, 'approve');
    const [job] = await t.boss.findJobs<{ approvalId: string }>(PUSH_QUEUE, {
      data: { approvalId: approval!.id },
    });
    expect(job).toBeDefined();
    await push(f, row.id, approval!.id);
    expect(f.service.liveEvents('primary').map((e) => e.content.title)).toEqual(['Board meeting']);

    const other = await f.hostAppointment(eventContent('Offsite'));
    await push(f, other.id);
    t.clock.advance(8 * 24 * 3600 * 1000);
    expect(await runApprovalExpiry(f.rt)).toBe(1);
    const feed = await listChanges(db.sql, {
      tenantId: f.tenantId,
      userId: null,
      afterSeq: '0',
      limit: 50,
    });
    expect(feed.find((c) => c.type === 'approval.expired')?.data).toMatchObject({
      appointment_id: other.id,
    });
  });
});

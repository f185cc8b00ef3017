import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUSH_QUEUE, pushKey } from '../jobs/queues.js';
import { createSyncHooks } from '../sync/hooks.js';
import { createSyncFixture, eventContent } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { holdForApproval } from './approvals.js';
import { listBusyBlocks, replaceBusyBlocks } from './busy-blocks.js';
import { listCalendars, updateCalendarSelection } from './calendars.js';
import { markDisconnected, transitionConnection } from './connections.js';
import { findLinkByICalUID, insertLink } from './event-links.js';

describe('sync stores', () => {
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

  it('allows only listed status transitions; disconnected is terminal and clears credentials', async () => {
    const f = await createSyncFixture(t);
    const now = t.clock.now();
    expect(await transitionConnection(db.sql, f.connectionId, 'active', null, now)).toBeUndefined();
    expect((await transitionConnection(db.sql, f.connectionId, 'paused', 'x', now))?.status).toBe(
      'paused',
    );
    const gone = await markDisconnected(db.sql, f.connectionId, now);
    expect(gone).toMatchObject({
      status: 'disconnected',
      credentials: null,
      access_token_expires_at: null,
    });
    expect(await transitionConnection(db.sql, f.connectionId, 'active', null, now)).toBeUndefined();
  });

  it('keeps one destination per connection when it moves', async () => {
    const f = await createSyncFixture(t, { otherCalendars: ['team'] });
    const [, team] = await listCalendars(db.sql, f.connectionId);
    await updateCalendarSelection(db.sql, {
      connectionId: f.connectionId,
      calendarId: team!.id,
      destination: true,
      now: t.clock.now(),
    });
    const after = await listCalendars(db.sql, f.connectionId);
    expect(after.filter((c) => c.destination).map((c) => c.provider_calendar_id)).toEqual(['team']);
  });

  it('finds links by iCalUID and original start (the resync match)', async () => {
    const f = await createSyncFixture(t);
    const series = await f.hostAppointment(eventContent('Weekly'));
    const base = {
      appointmentId: series.id,
      connectionId: f.connectionId,
      calendarId: 'primary',
      iCalUID: 'uid-1',
      seriesExternalId: null,
      etag: null,
      base: null,
      remoteUpdatedAt: null,
      state: 'synced' as const,
      idempotencyKey: null,
    };
    const slot = { kind: 'instant' as const, atUTC: '2026-06-17T10:00:00.000Z' };
    await insertLink(db.sql, {
      tenantId: f.tenantId,
      calendarId: f.calendar.id,
      link: { ...base, externalEventId: 'series', originalStart: null },
      now: t.clock.now(),
    });
    await insertLink(db.sql, {
      tenantId: f.tenantId,
      calendarId: f.calendar.id,
      link: { ...base, externalEventId: 'instance', originalStart: slot },
      now: t.clock.now(),
    });
    expect((await findLinkByICalUID(db.sql, f.calendar.id, 'uid-1', null))?.external_event_id).toBe(
      'series',
    );
    expect((await findLinkByICalUID(db.sql, f.calendar.id, 'uid-1', slot))?.external_event_id).toBe(
      'instance',
    );
  });

  it('replaces busy blocks of a range and refreshes a pending approval in place', async () => {
    const f = await createSyncFixture(t);
    const range = {
      startsAtUTC: '2026-06-01T00:00:00.000Z',
      endsAtUTC: '2026-07-01T00:00:00.000Z',
    };
    const ids = new Map([['primary', f.calendar.id]]);
    const interval = (start: string) => ({
      calendarId: 'primary',
      startsAtUTC: start,
      endsAtUTC: new Date(Date.parse(start) + 3_600_000).toISOString(),
      status: 'busy' as const,
    });
    const write = (intervals: ReturnType<typeof interval>[]) =>
      replaceBusyBlocks(db.sql, {
        tenantId: f.tenantId,
        userId: f.userId,
        calendarIds: ids,
        range,
        intervals,
        source: 'google',
        fetchedAt: t.clock.now(),
      });
    await write([interval('2026-06-02T09:00:00.000Z'), interval('2026-06-03T09:00:00.000Z')]);
    await write([interval('2026-06-04T09:00:00.000Z')]);
    const blocks = await listBusyBlocks(db.sql, {
      userId: f.userId,
      from: new Date(range.startsAtUTC),
      to: new Date(range.endsAtUTC),
    });
    expect(blocks.map((b) => b.starts_at.toISOString())).toEqual(['2026-06-04T09:00:00.000Z']);

    const row = await f.hostAppointment(eventContent('Held'));
    const hold = (version: number) =>
      holdForApproval(db.sql, {
        tenantId: f.tenantId,
        connectionId: f.connectionId,
        appointmentId: row.id,
        action: 'create',
        snapshot: { version },
        now: t.clock.now(),
      });
    const first = await hold(1);
    const second = await hold(2);
    expect(second.id).toBe(first.id);
    expect(second.snapshot).toEqual({ version: 2 });
  });

  it('sync hooks enqueue pushes of host writes in the writing transaction', async () => {
    const f = await createSyncFixture(t);
    const hooks = createSyncHooks(t.ctx.jobs);
    const row = await f.hostAppointment(eventContent('Hooked'));
    await expect(
      db.sql.begin(async (tx) => {
        await hooks.appointmentChanged(tx, row, 'created');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(
      await t.boss.findJobs(PUSH_QUEUE, { key: pushKey(row.id, f.connectionId) }),
    ).toHaveLength(0);
    await db.sql.begin((tx) => hooks.appointmentChanged(tx, row, 'created'));
    expect(
      await t.boss.findJobs(PUSH_QUEUE, { key: pushKey(row.id, f.connectionId) }),
    ).toHaveLength(1);
  });
});

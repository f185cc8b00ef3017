import {
  NonRetryableProviderError,
  recurrenceToGraph,
  type EventContent,
  type ProviderAdapter,
} from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPullJob } from '../jobs/pull.js';
import { runPushJob } from '../jobs/push.js';
import { PUSH_QUEUE, pushKey } from '../jobs/queues.js';
import { insertAppointment, updateAppointmentContent } from '../store/appointments.js';
import type { EventLinkRow } from '../store/event-links.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createSyncFixture, eventContent, type SyncFixture } from './test-fixture.js';

/** Refuses series Graph cannot express, the way the Microsoft adapter does. */
function graphLike(adapter: ProviderAdapter): ProviderAdapter {
  const refuse = (content: EventContent) => {
    if (
      content.recurrence &&
      content.recurrence.lines.length > 0 &&
      recurrenceToGraph(content.recurrence, content.time).kind === 'not_representable'
    ) {
      throw new NonRetryableProviderError('recurrence not representable in Graph', {
        providerCode: 'recurrence_not_representable',
      });
    }
  };
  return {
    ...adapter,
    createEvent: async (request) => {
      refuse(request.content);
      return adapter.createEvent(request);
    },
    updateEvent: async (request) => {
      refuse(request.content);
      return adapter.updateEvent(request);
    },
  };
}

/** The 31st of every month at 12:00 in Berlin, from 31 May 2026 (the test clock: 1 June). */
function monthEnd(title: string, lines = ['RRULE:FREQ=MONTHLY;BYMONTHDAY=31']): EventContent {
  return { ...eventContent(title, '2026-05-31T10:00:00.000Z'), recurrence: { lines } };
}

describe('a series the provider cannot express is written as single instances', () => {
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

  async function microsoftFixture(): Promise<SyncFixture> {
    t.clock.set('2026-06-01T09:00:00Z');
    const f = await createSyncFixture(t);
    await db.sql`update connections set provider = 'microsoft' where id = ${f.connectionId}`;
    f.registry.register('microsoft', { createAdapter: () => graphLike(f.service.adapter) });
    return f;
  }

  async function linksOf(f: SyncFixture, appointmentId: string) {
    const rows = await db.sql<EventLinkRow[]>`
      select * from event_links
      where appointment_id = ${appointmentId} and connection_id = ${f.connectionId}
      order by original_start->>'atUTC'`;
    return rows;
  }

  function events(f: SyncFixture) {
    return f.service
      .liveEvents('primary')
      .map((e) => [e.content.title, e.content.time.kind === 'zoned' && e.content.time.startsAtUTC])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
  }

  /** Takes the queued pushes of a series off the queue (as a worker would); returns how many. */
  async function takeQueuedPushes(f: SyncFixture, appointmentId: string): Promise<number> {
    const jobs = await t.boss.findJobs(PUSH_QUEUE, {
      key: pushKey(appointmentId, f.connectionId),
      queued: true,
    });
    for (const job of jobs) await t.boss.deleteJob(PUSH_QUEUE, job.id);
    return jobs.length;
  }

  const push = (f: SyncFixture, appointmentId: string) =>
    runPushJob(f.rt, { appointmentId, connectionId: f.connectionId });

  it('pushes each instance in the window as its own event, once', async () => {
    const f = await microsoftFixture();
    // What the adapter does with the series as it is: refused, so the fallback must run first.
    await expect(
      graphLike(f.service.adapter).createEvent({
        calendarId: 'primary',
        idempotencyKey: 'probe',
        appointmentId: 'probe',
        iCalUID: 'probe',
        content: monthEnd('Probe'),
        series: null,
      }),
    ).rejects.toMatchObject({ providerCode: 'recurrence_not_representable' });

    const series = await f.hostAppointment(monthEnd('Month end'));
    expect(await push(f, series.id)).toBe('success');
    // Window: 2 May – 30 August. June has no 31st; 31 August is past the window's end.
    expect(events(f)).toEqual([
      ['Month end', '2026-05-31T10:00:00.000Z'],
      ['Month end', '2026-07-31T10:00:00.000Z'],
    ]);
    expect(f.service.liveEvents('primary').every((e) => e.content.recurrence === null)).toBe(true);
    const links = await linksOf(f, series.id);
    expect(links.map((l) => [l.state, l.original_start, l.series_external_id, l.ical_uid])).toEqual(
      [
        [
          'synced',
          { kind: 'instant', atUTC: '2026-05-31T10:00:00.000Z' },
          null,
          `i20260531T100000000Z-${series.uid}`,
        ],
        [
          'synced',
          { kind: 'instant', atUTC: '2026-07-31T10:00:00.000Z' },
          null,
          `i20260731T100000000Z-${series.uid}`,
        ],
      ],
    );
    expect(new Set(links.map((l) => l.idempotency_key)).size).toBe(2);

    // Pushing again writes nothing; the echoes pulled back are recognised, not imported.
    const creates = f.service.calls.get('createEvent');
    expect(await push(f, series.id)).toBe('success');
    expect(f.service.calls.get('createEvent')).toBe(creates);
    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');
    const appointments = await db.sql<{ id: string }[]>`
      select id from appointments where user_id = ${f.userId}`;
    expect(appointments.map((a) => a.id)).toEqual([series.id]);
    expect(await linksOf(f, series.id)).toHaveLength(2);
    expect((await f.connection()).status).toBe('active');
  });

  it('follows the series: edits every instance, removes those that left it and cancelled ones', async () => {
    const f = await microsoftFixture();
    const series = await f.hostAppointment(monthEnd('Month end'));
    await push(f, series.id);
    // Ends before July: the 31 July instance leaves the series; the rest is renamed.
    await updateAppointmentContent(db.sql, {
      id: series.id,
      content: monthEnd('Closing', ['RRULE:FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20260701T000000Z']),
      now: t.clock.now(),
    });
    expect(await push(f, series.id)).toBe('success');
    expect(events(f)).toEqual([['Closing', '2026-05-31T10:00:00.000Z']]);
    expect((await linksOf(f, series.id)).map((l) => l.original_start)).toEqual([
      { kind: 'instant', atUTC: '2026-05-31T10:00:00.000Z' },
    ]);

    // Back to every month; then one instance is cancelled through an override.
    await updateAppointmentContent(db.sql, {
      id: series.id,
      content: monthEnd('Closing'),
      now: t.clock.now(),
    });
    expect(await push(f, series.id)).toBe('success');
    expect(events(f)).toHaveLength(2);
    const cancelled = await insertAppointment(db.sql, {
      tenantId: f.tenantId,
      userId: f.userId,
      uid: series.uid,
      hostRef: null,
      source: 'host',
      syncSource: null,
      locationType: 'in_person',
      seriesId: series.id,
      originalStart: { kind: 'instant', atUTC: '2026-07-31T10:00:00.000Z' },
      content: { ...eventContent('Closing', '2026-07-31T10:00:00.000Z'), status: 'cancelled' },
      now: t.clock.now(),
    });
    // The override's own push hands over to the series' push.
    expect(await push(f, cancelled.id)).toBe('success');
    expect(await takeQueuedPushes(f, series.id)).toBe(1);
    expect(await push(f, series.id)).toBe('success');
    expect(events(f)).toEqual([['Closing', '2026-05-31T10:00:00.000Z']]);
  });

  it('adds the instances the moving window reaches on the first pull of a day', async () => {
    const f = await microsoftFixture();
    const series = await f.hostAppointment(monthEnd('Month end'));
    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');
    await push(f, series.id);
    expect(events(f)).toHaveLength(2);
    await takeQueuedPushes(f, series.id);

    // Later the same day: nothing new to reach.
    t.clock.advance(3_600_000);
    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');
    expect(await takeQueuedPushes(f, series.id)).toBe(0);

    // Two days on, the window ends on 1 September: 31 August is in.
    t.clock.advance(2 * 86_400_000);
    expect(
      await runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId }),
    ).toBe('success');
    expect(await takeQueuedPushes(f, series.id)).toBe(1);
    expect(await push(f, series.id)).toBe('success');
    expect(events(f)).toEqual([
      ['Month end', '2026-05-31T10:00:00.000Z'],
      ['Month end', '2026-07-31T10:00:00.000Z'],
      ['Month end', '2026-08-31T10:00:00.000Z'],
    ]);
  });

  it('keeps the series the authority over edits and deletions of its instances in the calendar', async () => {
    const f = await microsoftFixture();
    const series = await f.hostAppointment(monthEnd('Month end'));
    await push(f, series.id);
    const pull = () =>
      runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId });
    expect(await pull()).toBe('success');
    const [may, july] = await linksOf(f, series.id);
    f.service.updateExternal('primary', may!.external_event_id, { title: 'Edited in Outlook' });
    f.service.deleteExternal('primary', july!.external_event_id);
    expect(await pull()).toBe('success');
    const [row] = await db.sql<{ title: string; recurrence: string[]; version: number }[]>`
      select title, recurrence, version from appointments where id = ${series.id}`;
    expect(row).toMatchObject({
      title: 'Month end',
      recurrence: ['RRULE:FREQ=MONTHLY;BYMONTHDAY=31'],
      version: series.version,
    });
    const conflicts = await db.sql<{ id: string }[]>`
      select id from conflicts where connection_id = ${f.connectionId}`;
    expect(conflicts).toEqual([]);
    expect((await linksOf(f, series.id)).map((l) => l.state)).toEqual([
      'synced',
      'external_removed',
    ]);
    // The edit stays while the series is unchanged.
    expect(await push(f, series.id)).toBe('success');
    expect(events(f)).toEqual([['Edited in Outlook', '2026-05-31T10:00:00.000Z']]);
    // A change of the series goes out over it (with the etag the pull stored); the removed
    // instance is not written again.
    await updateAppointmentContent(db.sql, {
      id: series.id,
      content: monthEnd('Renamed'),
      now: t.clock.now(),
    });
    expect(await push(f, series.id)).toBe('success');
    expect(events(f)).toEqual([['Renamed', '2026-05-31T10:00:00.000Z']]);
  });

  it('writes the series natively again once its rule can be expressed', async () => {
    const f = await microsoftFixture();
    const series = await f.hostAppointment(monthEnd('Month end'));
    await push(f, series.id);
    await updateAppointmentContent(db.sql, {
      id: series.id,
      content: {
        ...eventContent('Month start', '2026-06-01T10:00:00.000Z'),
        recurrence: { lines: ['RRULE:FREQ=MONTHLY;BYMONTHDAY=1'] },
      },
      now: t.clock.now(),
    });
    expect(await push(f, series.id)).toBe('success');
    expect(f.service.liveEvents('primary')).toHaveLength(0);
    // The instances are gone; the series' ordinary push was enqueued behind them.
    expect(await push(f, series.id)).toBe('success');
    const live = f.service.liveEvents('primary');
    expect(live.map((e) => [e.content.title, e.content.recurrence])).toEqual([
      ['Month start', { lines: ['RRULE:FREQ=MONTHLY;BYMONTHDAY=1'] }],
    ]);
    expect(
      (await linksOf(f, series.id)).map((l) => [l.original_start, l.external_event_id]),
    ).toEqual([[null, live[0]!.externalId]]);
  });
});

import { TransientProviderError, type ProviderAdapter } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCalendars } from '../store/calendars.js';
import { createSyncFixture, eventContent } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { enqueuePull, PULL_QUEUE } from './queues.js';
import { startWorkerChild, type WorkerChild } from './testing/child-process.js';

describe('two worker processes on one database', () => {
  let db: TestDatabase;
  let t: TestContext;
  const children: WorkerChild[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
  });
  afterAll(async () => {
    for (const child of children) child.process.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await t.close();
    await db.drop();
  });

  it('never runs two pulls of one calendar at once, coalesces a storm, and loses nothing', async () => {
    const f = await createSyncFixture(t, { pageSize: 3, otherCalendars: ['team'] });
    const calendars = await listCalendars(db.sql, f.connectionId);
    const calendarOf = (id: string) => calendars.find((c) => c.provider_calendar_id === id)!;
    const inFlight = new Map<string, number>();
    const maxInFlight = new Map<string, number>();
    const pulls = new Map<string, number>();
    const service = f.service.adapter;
    const adapter: ProviderAdapter = {
      ...service,
      pullChanges: async (request) => {
        const id = request.calendarId;
        // The team calendar is down for good: its retries must not hold up the primary one.
        if (id === 'team') throw new TransientProviderError('team calendar unavailable');
        inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
        maxInFlight.set(id, Math.max(maxInFlight.get(id) ?? 0, inFlight.get(id)!));
        pulls.set(id, (pulls.get(id) ?? 0) + 1);
        try {
          await new Promise((resolve) => setTimeout(resolve, 50));
          return await service.pullChanges(request);
        } finally {
          inFlight.set(id, inFlight.get(id)! - 1);
        }
      },
    };
    for (let i = 0; i < 2; i++) {
      children.push(
        await startWorkerChild({
          databaseUrl: db.url,
          keyring: t.ctx.keyring,
          now: t.clock.now(),
          adapter,
        }),
      );
    }
    for (let i = 0; i < 5; i++) f.service.createExternal('primary', eventContent(`Early ${i}`));
    const notify = (calendar: string) =>
      enqueuePull(t.ctx.jobs, {
        calendarId: calendarOf(calendar).id,
        connectionId: f.connectionId,
        reason: 'notification',
      });
    await notify('team');
    const storm = await Promise.all(Array.from({ length: 30 }, () => notify('primary')));
    expect(storm.filter((id) => id !== null).length).toBeLessThanOrEqual(2);

    // While a pull runs, more changes land and more notifications arrive.
    await expect
      .poll(() => pulls.get('primary') ?? 0, { timeout: 20_000, interval: 50 })
      .toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) f.service.createExternal('primary', eventContent(`Late ${i}`));
    await Promise.all(Array.from({ length: 10 }, () => notify('primary')));

    await expect
      .poll(
        async () => {
          const [row] = await db.sql<{ n: number }[]>`
            select count(*)::int as n from appointments where user_id = ${f.userId}`;
          const waiting = await t.boss.findJobs(PULL_QUEUE, {
            key: calendarOf('primary').id,
            queued: true,
          });
          return (row?.n ?? 0) === 10 && waiting.length === 0;
        },
        { timeout: 30_000, interval: 250 },
      )
      .toBe(true);
    expect(maxInFlight.get('primary')).toBe(1);
    const [links] = await db.sql<{ n: number; distinct_ids: number }[]>`
      select count(*)::int as n, count(distinct external_event_id)::int as distinct_ids
      from event_links where connection_id = ${f.connectionId}`;
    expect(links).toEqual({ n: 10, distinct_ids: 10 });
    const [teamAttempts] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from sync_attempts
      where calendar_id = ${calendarOf('team').id} and status = 'retrying' and error_class = 'transient'`;
    expect(teamAttempts?.n).toBeGreaterThanOrEqual(1);
  });
});

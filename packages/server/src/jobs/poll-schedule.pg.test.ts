import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caldavIntegration } from '../integrations/caldav/index.js';
import type { PollScheduleInput } from '../providers/registry.js';
import { findCalendar } from '../store/calendars.js';
import { createSyncFixture, type SyncFixture } from '../sync/test-fixture.js';
import { createTestContext, type TestContext } from '../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { runPollScheduler } from './poll-scheduler.js';
import { runPullJob } from './pull.js';

const MINUTE_MS = 60_000;

describe('per-provider poll schedules', () => {
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

  /** The fixture's provider, polled on its own schedule: 17 minutes plus `random()` minutes. */
  function withSchedule(f: SyncFixture, asked: PollScheduleInput[]): void {
    f.registry.register('google', {
      createAdapter: () => f.service.adapter,
      nextPollAt: (input) => {
        asked.push(input);
        return new Date(input.polledAt.getTime() + (17 + input.random()) * MINUTE_MS);
      },
    });
  }

  async function nextPoll(f: SyncFixture): Promise<number> {
    return (await findCalendar(db.sql, f.calendar.id))!.next_poll_at!.getTime();
  }

  const pull = (f: SyncFixture) =>
    runPullJob(f.rt, { calendarId: f.calendar.id, connectionId: f.connectionId });

  it('a successful pull and the poll scheduler plan the next poll by the provider', async () => {
    const f = await createSyncFixture(t, { sync: { random: () => 0.5 } });
    const asked: PollScheduleInput[] = [];
    withSchedule(f, asked);
    const polledAt = t.clock.now().getTime();
    expect(await pull(f)).toBe('success');
    expect(await nextPoll(f)).toBe(polledAt + 17.5 * MINUTE_MS);
    expect((await f.connection()).next_sync_at?.getTime()).toBe(polledAt + 17.5 * MINUTE_MS);
    expect(asked.map((a) => [a.connection.id, a.polledAt.getTime()])).toEqual([
      [f.connectionId, polledAt],
    ]);

    t.clock.advance(20 * MINUTE_MS);
    const claimedAt = t.clock.now().getTime();
    expect(await runPollScheduler(f.rt)).toBe(1);
    expect(await nextPoll(f)).toBe(claimedAt + 17.5 * MINUTE_MS);
  });

  it('an explicit poll interval wins over the provider', async () => {
    const f = await createSyncFixture(t, {
      sync: { pollIntervalMs: 2 * MINUTE_MS, pollJitterMs: 0 },
    });
    const asked: PollScheduleInput[] = [];
    withSchedule(f, asked);
    const polledAt = t.clock.now().getTime();
    expect(await pull(f)).toBe('success');
    expect(await nextPoll(f)).toBe(polledAt + 2 * MINUTE_MS);
    expect(asked).toEqual([]);
  });

  it("CalDAV's entry polls on the flavour's interval with its ±10 % jitter", async () => {
    const f = await createSyncFixture(t, { sync: { random: () => 1 } });
    const caldav = caldavIntegration();
    // The fixture's provider scheduled as CalDAV is: 300 s, here at the top of the jitter.
    f.registry.register('google', {
      createAdapter: () => f.service.adapter,
      nextPollAt: caldav.entry.nextPollAt!,
    });
    const polledAt = t.clock.now().getTime();
    expect(await pull(f)).toBe('success');
    expect(await nextPoll(f)).toBe(polledAt + 330_000);

    const connection = { ...(await f.connection()), provider: 'caldav' as const };
    const at = new Date('2026-03-01T10:00:00Z');
    expect(
      caldavIntegration({ random: () => 0.5 }).entry.nextPollAt!({
        connection: { ...connection, caldav_flavour: 'icloud' },
        polledAt: at,
        random: () => 0,
      }),
    ).toEqual(new Date('2026-03-01T10:05:00Z'));
    expect(
      caldav.entry.nextPollAt!({
        connection: { ...connection, caldav_flavour: 'generic' },
        polledAt: at,
        random: () => 0,
      }),
    ).toEqual(new Date('2026-03-01T10:04:30Z'));
  });
});

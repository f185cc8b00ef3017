import { setup, teardown } from '@calsync/server/testing';
import { afterAll, beforeAll, test } from 'vitest';
import { percentile, sampleMemory } from './support/load-memory.js';
import { startLoadServer, type LoadServer } from './support/load-server.js';
import { httpClient, inParallel, waitFor } from './support/provider-server.js';
import { recordFigure } from './support/report.js';

/**
 * A flood of provider notifications: `RATE` external edits per second for `SECONDS` seconds across
 * `CALENDARS` Google connections (one calendar each), each edit made by the user in the sandbox
 * and announced by the sandbox's watch channel to `/api/v1/webhooks/google` as Google would.
 * Everything (server, workers, sandbox) runs in this process on the test database.
 */
const CALENDARS = Number(process.env.CALSYNC_FLOOD_CALENDARS ?? 500);
const RATE = Number(process.env.CALSYNC_FLOOD_RATE ?? 200);
const SECONDS = Number(process.env.CALSYNC_FLOOD_SECONDS ?? 60);
const EDITS = RATE * SECONDS;
const EVENTS_PER_CALENDAR = Math.ceil(EDITS / CALENDARS);
const SANDBOX_LATENCY_MS = 0;
const BENCH = 'Notification flood';

beforeAll(async () => {
  await setup();
});
afterAll(async () => {
  await teardown();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function slot(i: number): { start: string; end: string } {
  const day = new Date();
  const start =
    Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1, 6) + i * 30 * 60_000;
  return {
    start: new Date(start).toISOString(),
    end: new Date(start + 30 * 60_000).toISOString(),
  };
}

async function count(s: LoadServer, query: Promise<{ n: number }[]>): Promise<number> {
  void s;
  return (await query)[0]?.n ?? 0;
}

test(`${RATE} notifications/s for ${SECONDS} s across ${CALENDARS} Google calendars`, async () => {
  const s = await startLoadServer({
    workerPollingSeconds: 0.5,
  });
  const memory = sampleMemory(1000);
  try {
    // Accounts with their events, then connections (their first pulls import the events).
    const eventIds: string[][] = [];
    const tokens: string[] = [];
    await inParallel(CALENDARS, 16, async (c) => {
      const email = `flood-${c}@example.com`;
      tokens[c] = await s.account(email);
      const events = httpClient(
        `${s.sandbox.url}/google/calendar/v3/calendars/primary/events`,
        () => ({
          authorization: `Bearer ${tokens[c]}`,
        }),
      );
      eventIds[c] = [];
      for (let e = 0; e < EVENTS_PER_CALENDAR; e++) {
        const res = await events.call<{ id: string }>('POST', '', {
          summary: `Seeded ${c}/${e}`,
          start: { dateTime: slot(e).start },
          end: { dateTime: slot(e).end },
        });
        if (res.status !== 200) throw new Error(`seeding answered ${res.status}`);
        eventIds[c]!.push(res.body.id);
      }
    });
    await inParallel(CALENDARS, 8, async (c) => {
      await s.connect(`flood-${c}@example.com`);
    });
    const seeded = CALENDARS * EVENTS_PER_CALENDAR;
    const ready = await waitFor(
      async () =>
        (await count(
          s,
          s.sql<
            { n: number }[]
          >`select count(*)::int as n from appointments where deleted_at is null`,
        )) >= seeded &&
        (await count(
          s,
          s.sql<
            { n: number }[]
          >`select count(*)::int as n from watch_channels where status = 'active'`,
        )) >= CALENDARS,
      300_000,
      500,
    );
    if (!ready)
      throw new Error('the connections did not import their events and open their channels');
    await sleep(2000);

    // The flood: edit k renames event k / CALENDARS of calendar k % CALENDARS, at RATE per second.
    const editedAtMs = new Array<number>(EDITS).fill(0);
    const deliveredBefore = s.notificationsDelivered();
    const [{ at: floodStartedAt } = { at: new Date() }] = await s.sql<
      { at: Date }[]
    >`select now() as at`;
    const startedMs = Date.now();
    let failedEdits = 0;
    await inParallel(EDITS, 64, async (k) => {
      const dueMs = startedMs + (k * 1000) / RATE;
      if (dueMs > Date.now()) await sleep(dueMs - Date.now());
      const c = k % CALENDARS;
      const res = await httpClient(
        `${s.sandbox.url}/google/calendar/v3/calendars/primary/events`,
        () => ({ authorization: `Bearer ${tokens[c]}` }),
      ).call('PATCH', `/${eventIds[c]![Math.floor(k / CALENDARS)]}`, { summary: `Flood ${k}` });
      if (res.status !== 200) failedEdits += 1;
      editedAtMs[k] = Date.now();
    });
    const sendS = (Date.now() - startedMs) / 1000;
    const applied = () =>
      count(
        s,
        s.sql<
          { n: number }[]
        >`select count(*)::int as n from appointments where title like 'Flood %'`,
      );
    const drained = await waitFor(
      async () => (await applied()) >= EDITS - failedEdits,
      600_000,
      500,
    );
    const drainS = (Date.now() - startedMs) / 1000;
    const samples = memory.stop();

    const rows = await s.sql<{ title: string; applied_ms: number }[]>`
      select title, (extract(epoch from updated_at) * 1000)::float8 as applied_ms
      from appointments where title like 'Flood %'`;
    const latencies = rows
      .map((r) => r.applied_ms - (editedAtMs[Number(r.title.slice(6))] ?? 0))
      .sort((a, b) => a - b);
    const pulls = await count(
      s,
      s.sql<{ n: number }[]>`select count(*)::int as n from sync_attempts
        where operation = 'pull' and started_at >= ${floodStartedAt}`,
    );
    const notifications = s.notificationsDelivered() - deliveredBefore;
    const missing = EDITS - failedEdits - rows.length;
    const base = { bench: BENCH, sandboxLatencyMs: SANDBOX_LATENCY_MS };
    const shape = `${CALENDARS} Google connections × 1 calendar, ${RATE}/s for ${SECONDS} s; server, workers (pull 2, push 4) and sandbox in one process`;
    recordFigure({
      ...base,
      name: 'notifications delivered to the webhook route',
      value: notifications,
      unit: 'notifications',
      notes: `${EDITS} edits sent in ${sendS.toFixed(1)} s, ${failedEdits} refused by the sandbox; ${shape}`,
    });
    recordFigure({
      ...base,
      name: 'edits applied',
      value: rows.length,
      unit: 'edits',
      notes: `of ${EDITS - failedEdits}; drained ${drained ? '' : 'NOT '}within 600 s, ${drainS.toFixed(1)} s after the flood began`,
    });
    recordFigure({
      ...base,
      name: 'edits missing after the drain',
      value: missing,
      unit: 'edits',
      target: '0',
      met: missing === 0,
    });
    recordFigure({
      ...base,
      name: 'pulls run per notification (coalescing)',
      value: Math.round((pulls / Math.max(1, notifications)) * 1000) / 1000,
      unit: 'ratio',
      notes: `${pulls} pull attempts for ${notifications} notifications`,
    });
    recordFigure({
      ...base,
      name: 'webhook-to-applied p50',
      value: Math.round(percentile(latencies, 0.5)),
      unit: 'ms',
      notes:
        'from the sandbox accepting the edit (its channel then notifies) to the appointment row updated',
    });
    recordFigure({
      ...base,
      name: 'webhook-to-applied p99',
      value: Math.round(percentile(latencies, 0.99)),
      unit: 'ms',
      target: '< 1000 ms',
      met: percentile(latencies, 0.99) < 1000,
      notes: `max ${Math.round(latencies.at(-1) ?? 0)} ms`,
    });
    recordFigure({
      ...base,
      name: 'peak RSS',
      value: Math.round(Math.max(...samples.map((m) => m.rssMb))),
      unit: 'MB',
      notes: `whole process (server, workers, sandbox), sampled every 1 s from connect to drain`,
    });
  } finally {
    memory.stop();
    await s.close();
  }
});

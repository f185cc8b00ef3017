import { setup, teardown } from '@calsync/server/testing';
import { afterAll, beforeAll, test } from 'vitest';
import { liveHeapMb, percentile, sampleMemory, type MemorySample } from './support/load-memory.js';
import { PollLagTracker } from './support/load-poll-lag.js';
import { startLoadServer } from './support/load-server.js';
import { inParallel, waitFor } from './support/provider-server.js';
import { recordFigure } from './support/report.js';

/**
 * 2,000 polled Google connections on one node (server, workers and sandbox in this process).
 * Time runs 5× faster than production: every calendar is due every 60 s (production: 5 minutes)
 * with 12 s of jitter (60 s), and the poll scheduler runs every 12 s (its cron: every minute), so
 * each cycle has the same number of scheduler runs and the same batch limit as in production.
 */
const CONNECTIONS = Number(process.env.CALSYNC_POLL_CONNECTIONS ?? 2000);
const CYCLES = Number(process.env.CALSYNC_POLL_CYCLES ?? 6);
const CYCLE_MS = 60_000;
const SCHEDULER_EVERY_MS = 12_000;
const SPEEDUP = 5;
const POLL_SCHEDULER_QUEUE = 'sync.poll-scheduler';
const BENCH = 'Polling at scale';
const SANDBOX_LATENCY_MS = 0;

beforeAll(async () => {
  await setup();
});
afterAll(async () => {
  await teardown();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Least-squares slope of RSS over time, in MB per cycle. */
function slopeMbPerCycle(samples: readonly MemorySample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const xs = samples.map((s) => s.atMs / CYCLE_MS);
  const ys = samples.map((s) => s.rssMb);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

test(`${CONNECTIONS} polled connections, ${CYCLES} poll cycles at ${SPEEDUP}× speed`, async () => {
  const s = await startLoadServer({
    pollIntervalMs: CYCLE_MS,
    pollJitterMs: CYCLE_MS / SPEEDUP,
    workerPollingSeconds: 0.5,
  });
  try {
    // No push channels: Google refuses every watch request as it does for calendars that take
    // none (pushNotSupportedForRequestedResource), so each calendar falls back to polling. Stopping channels after connecting
    // is not enough: the watch renewal each connect queues would open them again later.
    await s.sandbox.sandbox.control.addFault({
      provider: 'google',
      pathPattern: /\/events\/watch$/,
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'Push notifications are not supported by this resource.',
          errors: [{ domain: 'global', reason: 'pushNotSupportedForRequestedResource' }],
        },
      },
    });
    const connectStartedMs = Date.now();
    await inParallel(CONNECTIONS, 8, async (c) => {
      await s.account(`poll-${c}@example.com`);
      await s.connect(`poll-${c}@example.com`);
    });
    const connectS = (Date.now() - connectStartedMs) / 1000;
    const firstPulls = await waitFor(
      async () =>
        ((
          await s.sql<{ n: number }[]>`
            select count(*)::int as n from connections where last_sync_at is not null`
        )[0]?.n ?? 0) >= CONNECTIONS,
      300_000,
      500,
    );
    if (!firstPulls) throw new Error('the connections did not finish their first pulls');
    // Spread the first polls over one cycle.
    await s.sql`update calendars set next_poll_at = now() + random() * ${CYCLE_MS / 1000} * interval '1 second'`;

    const lag = new PollLagTracker(s.sql);
    const memory = sampleMemory(10_000);
    const [{ at: measuredFrom } = { at: new Date() }] = await s.sql<
      { at: Date }[]
    >`select now() as at`;
    const startedMs = Date.now();
    /** Live heap (after a full GC) at the start and at the end of every cycle. */
    const liveHeap: number[] = [liveHeapMb()];
    while (Date.now() - startedMs < CYCLES * CYCLE_MS) {
      await lag.snapshot();
      await s.t.boss.send(POLL_SCHEDULER_QUEUE, {});
      await sleep(SCHEDULER_EVERY_MS);
      if (Date.now() - startedMs >= liveHeap.length * CYCLE_MS) liveHeap.push(liveHeapMb());
    }
    const samples = memory.stop();
    const elapsedMin = (Date.now() - startedMs) / 60_000;
    const { lags, notStarted } = await lag.lagsMs();
    const [attempts] = await s.sql<{ pulls: number; failed: number; retried: number }[]>`
      select count(*) filter (where operation = 'pull')::int as pulls,
        count(*) filter (where status = 'fail')::int as failed,
        count(*) filter (where status = 'retrying')::int as retried
      from sync_attempts where started_at >= ${measuredFrom}`;
    const pulls = attempts?.pulls ?? 0;
    const [work] = await s.sql<{ pull_ms: number; overdue: number }[]>`
      select
        (select percentile_cont(0.5) within group (order by extract(epoch from finished_at - started_at) * 1000)
          from sync_attempts where operation = 'pull' and started_at >= ${measuredFrom})::float8 as pull_ms,
        (select count(*)::int from calendars where next_poll_at < now() and selected) as overdue`;
    const [scheduler] = await s.sql<
      { runs: number; p50_ms: number; max_ms: number; states: string }[]
    >`
      select count(*) filter (where completed_on is not null)::int as runs,
        coalesce(percentile_cont(0.5) within group (order by extract(epoch from completed_on - started_on) * 1000), 0)::float8 as p50_ms,
        coalesce(max(extract(epoch from completed_on - started_on) * 1000), 0)::float8 as max_ms,
        string_agg(distinct state::text, ',') as states
      from pgboss.job where name = ${POLL_SCHEDULER_QUEUE} and created_on >= ${measuredFrom}`;
    const [fleet] = await s.sql<
      { selected: number; unselected: number; channels: number; watched: number }[]
    >`
      select count(*) filter (where selected)::int as selected,
        count(*) filter (where not selected)::int as unselected,
        (select count(*)::int from watch_channels where status = 'active') as channels,
        count(*) filter (where selected and next_poll_at > now() + interval '10 minutes')::int as watched
      from calendars`;
    const [queued] = await s.sql<{ n: number }[]>`
      select count(*)::int as n from pgboss.job where name = 'sync.pull' and state in ('created', 'retry')`;

    const base = { bench: BENCH, sandboxLatencyMs: SANDBOX_LATENCY_MS };
    const shape =
      `${CONNECTIONS} Google connections without push channels (OAuth-connected in ${connectS.toFixed(0)} s), ` +
      `${CYCLES} cycles; time ${SPEEDUP}× compressed: due every 60 s (production 5 min), scheduler every 12 s (production 1 min); ` +
      'pull workers 2 (production default); server, workers and sandbox in one process';
    recordFigure({
      ...base,
      name: 'queue lag p50 (next_poll_at → pull started)',
      value: Math.round(percentile(lags, 0.5)),
      unit: 'ms',
      notes: `${lags.length} due polls, ${notStarted} not started by the end; ${shape}`,
    });
    recordFigure({
      ...base,
      name: 'queue lag p99 (next_poll_at → pull started)',
      value: Math.round(percentile(lags, 0.99)),
      unit: 'ms',
      notes: `compressed time: the scheduler alone adds up to 12 s (60 s in production); max ${Math.round(lags.at(-1) ?? 0)} ms`,
    });
    recordFigure({
      ...base,
      name: 'due polls whose pull had not started by the end',
      value: notStarted,
      unit: 'polls',
      notes: `of ${lags.length + notStarted} due polls noted before scheduler runs; at the end ${queued?.n ?? '?'} pull jobs queued, ${work?.overdue ?? '?'} selected calendars overdue; pull p50 ${Math.round(work?.pull_ms ?? 0)} ms; calendars selected ${fleet?.selected ?? '?'} (of which due in > 10 min: ${fleet?.watched ?? '?'}), unselected ${fleet?.unselected ?? '?'}, live channels ${fleet?.channels ?? '?'}; poll scheduler: ${scheduler?.runs ?? 0} runs completed of ${Math.round(CYCLES * (CYCLE_MS / SCHEDULER_EVERY_MS))} sent (job states ${scheduler?.states ?? '-'}), run p50 ${Math.round(scheduler?.p50_ms ?? 0)} ms, max ${Math.round(scheduler?.max_ms ?? 0)} ms`,
    });
    recordFigure({
      ...base,
      name: 'pulls per minute',
      value: Math.round(pulls / elapsedMin),
      unit: 'pulls/min',
      notes: `${pulls} pulls in ${elapsedMin.toFixed(1)} min; the fleet needs ${CONNECTIONS} per compressed cycle (${CONNECTIONS / SPEEDUP}/min at the production rate)`,
    });
    recordFigure({
      ...base,
      name: 'failed or retried sync attempts',
      value: (attempts?.failed ?? 0) + (attempts?.retried ?? 0),
      unit: 'attempts',
      target: '0',
      met: (attempts?.failed ?? 0) + (attempts?.retried ?? 0) === 0,
      notes: `${attempts?.failed ?? 0} failed, ${attempts?.retried ?? 0} retrying`,
    });
    const rss = samples.map((m) => m.rssMb);
    const secondCycleEnd = samples.find((m) => m.atMs - startedMs >= 2 * CYCLE_MS) ?? samples[0]!;
    const last = samples.at(-1)!;
    const growth = ((last.rssMb - secondCycleEnd.rssMb) / secondCycleEnd.rssMb) * 100;
    const memoryNotes = `whole process, sampled every 10 s (${samples.length} samples); heap first ${samples[0]!.heapUsedMb.toFixed(0)} MB, last ${last.heapUsedMb.toFixed(0)} MB, max ${Math.max(...samples.map((m) => m.heapUsedMb)).toFixed(0)} MB`;
    recordFigure({
      ...base,
      name: 'RSS first sample',
      value: Math.round(rss[0]!),
      unit: 'MB',
      notes: memoryNotes,
    });
    recordFigure({ ...base, name: 'RSS last sample', value: Math.round(last.rssMb), unit: 'MB' });
    recordFigure({ ...base, name: 'RSS max', value: Math.round(Math.max(...rss)), unit: 'MB' });
    recordFigure({
      ...base,
      name: 'RSS slope',
      value: Math.round(slopeMbPerCycle(samples) * 10) / 10,
      unit: 'MB/cycle',
      notes: `RSS at the end of the second cycle to the last sample: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} % (RSS follows garbage not yet collected; the live heap below is the leak measure)`,
    });
    // The first cycle warms up (pools, caches, JIT); from the end of the second on it stays flat.
    const settled = liveHeap[2] ?? liveHeap.at(-1)!;
    const heapGrowth = ((liveHeap.at(-1)! - settled) / settled) * 100;
    recordFigure({
      ...base,
      name: 'live heap growth, end of the second cycle to the last (after full GC)',
      value: Math.round(heapGrowth * 10) / 10,
      unit: '%',
      target: '< 10%',
      met: heapGrowth < 10,
      notes: `live heap at each cycle boundary: ${liveHeap.map((mb) => mb.toFixed(0)).join(' → ')} MB`,
    });
  } finally {
    await s.close();
  }
});

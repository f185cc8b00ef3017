import { performance } from 'node:perf_hooks';
import {
  type EventContent,
  type PullRequest,
  RateLimitedError,
  syncWindowRange,
} from '@calsync/core';
import { RequestPacer, createGoogleAdapter, googleEndpointsAt } from '@calsync/google';
import type { GoogleCalendarAdapter } from '@calsync/google';
import { latencyFromEnv, startSandboxServer } from '@calsync/sandbox';
import type { RunningSandboxServer } from '@calsync/sandbox';
import { test } from 'vitest';
import { recordFigure } from './support/report.js';

// Figures only, no assertions on time. Each test states the sandbox latency it ran with
// (CALSYNC_SANDBOX_LATENCY_MS overrides the default below).
const DEFAULT_LATENCY_MS = 25;
const PULL_EVENTS = 10_000;
const PUSH_EVENTS = 1_000;
/** Per-user quota of the sandbox in the push test: below 1,000 so an unpaced push bounces. */
const QUOTA_PER_MINUTE = 900;
const PUSH_CONCURRENCY = 8;

const latencyMs = latencyFromEnv() ?? DEFAULT_LATENCY_MS;
/** What each Google request was given. */
const sandboxLatencyMs = typeof latencyMs === 'number' ? latencyMs : (latencyMs.google ?? 0);
const BENCH = 'Google adapter against the sandbox';

function adapterFor(
  server: RunningSandboxServer,
  accessToken: string,
  pacer?: RequestPacer,
): GoogleCalendarAdapter {
  const endpoints = googleEndpointsAt(`${server.url}/google`);
  return createGoogleAdapter(
    { fetch, now: () => new Date(), getAccessToken: async () => accessToken },
    {
      apiRootUrl: endpoints.apiRootUrl,
      oauthEndpoints: endpoints.oauth,
      ...(pacer ? { pacer } : {}),
    },
  );
}

function content(i: number, startMs: number): EventContent {
  return {
    title: `Bench event ${i}`,
    description: `Seeded event number ${i}`,
    location: i % 3 === 0 ? 'Room 4' : null,
    time: {
      kind: 'zoned',
      startsAtUTC: new Date(startMs).toISOString(),
      endsAtUTC: new Date(startMs + 30 * 60_000).toISOString(),
      timeZone: 'Europe/Berlin',
    },
    recurrence: null,
    attendees: [
      {
        email: `guest${i % 50}@example.com`,
        name: null,
        responseStatus: 'needs_action',
        optional: false,
        organizer: false,
        resource: false,
      },
    ],
    status: 'confirmed',
    meeting: null,
    reminders: { useDefault: false, overrides: [{ method: 'popup', minutesBefore: 10 }] },
    transparency: 'opaque',
  };
}

/** Runs `count` jobs over `concurrency` workers. */
async function pool(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

test(`google adapter: initial full pull of ${PULL_EVENTS} events`, async () => {
  const server = await startSandboxServer({ port: 0, latencyMs });
  try {
    const account = await server.sandbox.control.createAccount({
      provider: 'google',
      email: 'pull@example.com',
    });
    const eventsUrl = `${server.url}/google/calendar/v3/calendars/primary/events`;
    const headers = {
      authorization: `Bearer ${account.access_token}`,
      'content-type': 'application/json',
    };
    const now = new Date();
    const firstMs = now.getTime() - 25 * 86_400_000;
    // Seeded as the user would (plain inserts), every 15 minutes across the sync window.
    await pool(PULL_EVENTS, 32, async (i) => {
      const startMs = firstMs + i * 15 * 60_000;
      const response = await fetch(eventsUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          summary: `Bench event ${i}`,
          description: `Seeded event number ${i}`,
          start: { dateTime: new Date(startMs).toISOString(), timeZone: 'Europe/Berlin' },
          end: {
            dateTime: new Date(startMs + 30 * 60_000).toISOString(),
            timeZone: 'Europe/Berlin',
          },
          attendees: [{ email: `guest${i % 50}@example.com` }],
        }),
      });
      if (!response.ok) throw new Error(`seed insert answered ${response.status}`);
      await response.arrayBuffer();
    });

    const adapter = adapterFor(server, account.access_token);
    const window = syncWindowRange(now);
    for (const pageSize of [2500, 250]) {
      const startedAt = performance.now();
      let request: PullRequest = {
        calendarId: 'primary',
        cursor: null,
        checkpoint: null,
        window,
        pageSize,
      };
      let pages = 0;
      let upserts = 0;
      let issues = 0;
      const pageMs: number[] = [];
      for (;;) {
        const pageStarted = performance.now();
        const page = await adapter.pullChanges(request);
        pageMs.push(performance.now() - pageStarted);
        pages += 1;
        upserts += page.changes.filter((c) => c.kind === 'upsert').length;
        issues += page.issues.length;
        if (page.next.kind === 'done') break;
        request = { ...request, checkpoint: page.next.checkpoint };
      }
      const elapsedS = (performance.now() - startedAt) / 1000;
      pageMs.sort((a, b) => a - b);
      recordFigure({
        bench: BENCH,
        name: `initial full pull of ${PULL_EVENTS.toLocaleString('en-US')} events, page size ${pageSize}`,
        value: Math.round(elapsedS * 100) / 100,
        unit: 's',
        sandboxLatencyMs,
        notes:
          `${upserts} events in ${pages} pages, ${(upserts / elapsedS).toFixed(0)} events/s, ` +
          `median page ${pageMs[Math.floor(pageMs.length / 2)]!.toFixed(0)} ms, issues ${issues}`,
      });
    }
  } finally {
    await server.close();
  }
});

test(`google adapter: push of ${PUSH_EVENTS} creates under a ${QUOTA_PER_MINUTE}/min per-user quota`, async () => {
  const server = await startSandboxServer({
    port: 0,
    latencyMs,
    google: { rateLimits: { perUserPerMinute: QUOTA_PER_MINUTE } },
  });
  const window = syncWindowRange(new Date());
  const startMs = Date.parse(window.startsAtUTC) + 86_400_000;
  const push = async (adapter: GoogleCalendarAdapter, user: string) => {
    let rejected = 0;
    const startedAt = performance.now();
    await pool(PUSH_EVENTS, PUSH_CONCURRENCY, async (i) => {
      try {
        await adapter.createEvent({
          calendarId: 'primary',
          idempotencyKey: `${user}-${i}`,
          appointmentId: `apt_${user}_${i}`,
          iCalUID: `${user}-${i}@calsync.bench`,
          content: content(i, startMs + i * 3_600_000),
          series: null,
        });
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error;
        rejected += 1;
      }
    });
    return { elapsedS: (performance.now() - startedAt) / 1000, rejected };
  };
  try {
    // Without the pacer: the first minute's quota goes at once and the rest bounces.
    const naive = await server.sandbox.control.createAccount({
      provider: 'google',
      email: 'naive@example.com',
    });
    const unpaced = await push(adapterFor(server, naive.access_token), 'naive');
    recordFigure({
      bench: BENCH,
      name: `push of ${PUSH_EVENTS.toLocaleString('en-US')} creates under ${QUOTA_PER_MINUTE}/min, without pacer: rejected as rate-limited`,
      value: unpaced.rejected,
      unit: 'creates',
      sandboxLatencyMs,
      notes: `${PUSH_EVENTS - unpaced.rejected} created in ${unpaced.elapsedS.toFixed(1)} s, concurrency ${PUSH_CONCURRENCY}`,
    });

    // With the pacer, on a fresh user (a separate quota bucket).
    const paced = await server.sandbox.control.createAccount({
      provider: 'google',
      email: 'paced@example.com',
    });
    const pacer = new RequestPacer({ requestsPerMinute: QUOTA_PER_MINUTE });
    const result = await push(adapterFor(server, paced.access_token, pacer), 'paced');
    const quotaRatePerS = QUOTA_PER_MINUTE / 60;
    const lowerBoundS = PUSH_EVENTS / quotaRatePerS;
    const pacerBoundS = (PUSH_EVENTS - pacer.burst) / pacer.ratePerSecond;
    const common = {
      bench: BENCH,
      sandboxLatencyMs,
      notes: `pacer burst ${pacer.burst} then ${pacer.ratePerSecond.toFixed(1)} req/s, concurrency ${PUSH_CONCURRENCY}`,
    };
    const name = `push of ${PUSH_EVENTS.toLocaleString('en-US')} creates under ${QUOTA_PER_MINUTE}/min, with pacer`;
    recordFigure({
      ...common,
      name: `${name}: elapsed`,
      value: Math.round(result.elapsedS * 10) / 10,
      unit: 's',
      notes: `${common.notes}; ${PUSH_EVENTS - result.rejected} created, ${result.rejected} rejected`,
    });
    recordFigure({
      ...common,
      name: `${name}: quota lower bound (n / rate)`,
      value: Math.round(lowerBoundS * 10) / 10,
      unit: 's',
      notes: `${PUSH_EVENTS} / ${quotaRatePerS.toFixed(1)} per s; the pacer's own bound is ${pacerBoundS.toFixed(1)} s`,
    });
    recordFigure({
      ...common,
      name: `${name}: elapsed / quota lower bound`,
      value: Math.round((result.elapsedS / lowerBoundS) * 100) / 100,
      unit: '×',
    });
  } finally {
    await server.close();
  }
});

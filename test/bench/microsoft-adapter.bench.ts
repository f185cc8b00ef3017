import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import type { InstantRange, PullRequest } from '@calsync/core';
import { createMicrosoftAdapter } from '@calsync/microsoft';
import { startSandboxServer } from '@calsync/sandbox';
import { recordFigure } from './support/report.js';

/**
 * Initial full calendarView delta pull of 10,000 events through the Microsoft adapter (official
 * Graph client, our middleware chain, mapping, series resolution) from the in-process sandbox.
 * Prints figures only; nothing here asserts on time.
 *
 * Sandbox latency: 0 ms, then 20 ms added to every Graph request (stated per row). Seeding runs
 * at 0 ms through JSON $batch. The Outlook request budget is raised for the run (10,000 per
 * 10 minutes would otherwise be spent on seeding).
 */
const SINGLE_EVENTS = 9_950;
const WEEKLY_SERIES = 50;
const window: InstantRange = {
  startsAtUTC: '2026-03-01T00:00:00.000Z',
  endsAtUTC: '2026-06-01T00:00:00.000Z',
};
const MINUTE_MS = 60_000;

function eventBody(i: number): Record<string, unknown> {
  const startMs = Date.parse('2026-03-02T07:00:00.000Z') + i * 12 * MINUTE_MS;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  return {
    subject: `Meeting ${i}`,
    body: { contentType: 'text', content: `Agenda for meeting ${i}` },
    location: { displayName: `Room ${i % 17}` },
    start: { dateTime: iso(startMs), timeZone: 'UTC' },
    end: { dateTime: iso(startMs + 30 * MINUTE_MS), timeZone: 'UTC' },
    showAs: i % 7 === 0 ? 'free' : 'busy',
    categories: i % 5 === 0 ? ['Blue category'] : [],
    attendees: Array.from({ length: i % 4 }, (_, k) => ({
      type: k === 2 ? 'optional' : 'required',
      emailAddress: { address: `guest${k}@example.com`, name: `Guest ${k}` },
    })),
  };
}

function seriesBody(i: number): Record<string, unknown> {
  const day = 2 + (i % 5); // Monday..Friday of the first week of March 2026
  return {
    ...eventBody(SINGLE_EVENTS + i),
    subject: `Weekly ${i}`,
    start: {
      dateTime: `2026-03-0${day}T${String(8 + (i % 9)).padStart(2, '0')}:30:00`,
      timeZone: 'Europe/Berlin',
    },
    end: {
      dateTime: `2026-03-0${day}T${String(9 + (i % 9)).padStart(2, '0')}:00:00`,
      timeZone: 'Europe/Berlin',
    },
    recurrence: {
      pattern: {
        type: 'weekly',
        interval: 1,
        daysOfWeek: [['monday', 'tuesday', 'wednesday', 'thursday', 'friday'][i % 5]],
      },
      range: {
        type: 'numbered',
        startDate: `2026-03-0${day}`,
        numberOfOccurrences: 12,
        recurrenceTimeZone: 'Europe/Berlin',
      },
    },
  };
}

test('initial full delta pull of 10,000 events through the adapter', async () => {
  const latency = { microsoft: 0 };
  const server = await startSandboxServer({
    port: 0,
    latencyMs: latency,
    microsoft: { throttleRequestsPerWindow: 10_000_000 },
  });
  try {
    const account = await server.sandbox.control.createAccount({
      provider: 'microsoft',
      email: 'bench@contoso.test',
    });
    const calendarId = account.calendars.find((c) => c.primary)!.id;
    const graphBaseUrl = `${server.url}/microsoft`;

    const bodies = [
      ...Array.from({ length: SINGLE_EVENTS }, (_, i) => eventBody(i)),
      ...Array.from({ length: WEEKLY_SERIES }, (_, i) => seriesBody(i)),
    ];
    for (let offset = 0; offset < bodies.length; offset += 20) {
      const response = await fetch(`${graphBaseUrl}/v1.0/$batch`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${account.access_token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          requests: bodies.slice(offset, offset + 20).map((body, k) => ({
            id: String(offset + k),
            method: 'POST',
            url: `/me/calendars/${calendarId}/events`,
            body,
          })),
        }),
      });
      const answer = (await response.json()) as { responses: { status: number }[] };
      if (answer.responses.some((r) => r.status !== 201)) throw new Error('seeding failed');
    }
    for (const scenario of [
      { latencyMs: 0, pageSize: 100 },
      { latencyMs: 0, pageSize: 1000 },
      { latencyMs: 20, pageSize: 100 },
    ]) {
      latency.microsoft = scenario.latencyMs;
      let requests = 0;
      const adapter = createMicrosoftAdapter(
        {
          fetch: (input, init) => {
            requests++;
            return fetch(input, init);
          },
          now: () => new Date(),
          getAccessToken: async () => account.access_token,
        },
        { graphBaseUrl },
      );
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      let request: PullRequest = {
        calendarId,
        cursor: null,
        checkpoint: null,
        window,
        pageSize: scenario.pageSize,
      };
      let pages = 0;
      let upserts = 0;
      let issues = 0;
      for (;;) {
        const page = await adapter.pullChanges(request);
        pages++;
        upserts += page.changes.filter((c) => c.kind === 'upsert').length;
        issues += page.issues.length;
        if (page.next.kind === 'done') break;
        request = { ...request, checkpoint: page.next.checkpoint };
      }
      const elapsedMs = performance.now() - started;
      expect(upserts).toBe(SINGLE_EVENTS + WEEKLY_SERIES);
      expect(issues).toBe(0);
      recordFigure({
        bench: 'Microsoft adapter against the sandbox',
        name: `initial full delta pull of 10,000 events, page size ${scenario.pageSize}`,
        value: Math.round(elapsedMs) / 1000,
        unit: 's',
        sandboxLatencyMs: scenario.latencyMs,
        notes:
          `${upserts} events (${SINGLE_EVENTS} singles + ${WEEKLY_SERIES} weekly masters) in ${pages} pages, ` +
          `${requests} HTTP requests, ${Math.round(upserts / (elapsedMs / 1000))} events/s, heap delta ` +
          `${Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e5) / 10} MB`,
      });
    }
  } finally {
    await server.close();
  }
}, 300_000);

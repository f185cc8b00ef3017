import { performance } from 'node:perf_hooks';
import { startSandboxServer } from '@calsync/sandbox';
import { test } from 'vitest';
import { recordLoad } from './support/record-load.js';

const DURATION_MS = 4000;
const CONCURRENCY = 32;
const EVENTS_IN_CALENDAR = 10;

function percentile(sortedMs: number[], fraction: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor(sortedMs.length * fraction))] ?? 0;
}

test('sandbox: Google events.get / events.list of a small calendar over loopback', async () => {
  const server = await startSandboxServer({ port: 0 });
  try {
    const account = await server.sandbox.control.createAccount({
      provider: 'google',
      email: 'bench@example.com',
    });
    const headers = {
      authorization: `Bearer ${account.access_token}`,
      'content-type': 'application/json',
    };
    const eventsUrl = `${server.url}/google/calendar/v3/calendars/primary/events`;
    const ids: string[] = [];
    for (let i = 0; i < EVENTS_IN_CALENDAR; i += 1) {
      const response = await fetch(eventsUrl, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          summary: `Event ${i}`,
          start: { dateTime: `2026-03-${String(i + 10)}T10:00:00Z` },
          end: { dateTime: `2026-03-${String(i + 10)}T11:00:00Z` },
        }),
      });
      ids.push(((await response.json()) as { id: string }).id);
    }

    for (const [name, urlFor] of [
      ['events.get', (n: number) => `${eventsUrl}/${ids[n % ids.length] ?? ''}`],
      ['events.list', () => `${eventsUrl}?maxResults=50`],
    ] as const) {
      const latenciesMs: number[] = [];
      let failures = 0;
      let n = 0;
      const startedMs = performance.now();
      const worker = async (): Promise<void> => {
        while (performance.now() - startedMs < DURATION_MS) {
          const sentMs = performance.now();
          const response = await fetch(urlFor(n++), { headers });
          await response.arrayBuffer();
          if (response.status !== 200) failures += 1;
          latenciesMs.push(performance.now() - sentMs);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const elapsedS = (performance.now() - startedMs) / 1000;
      latenciesMs.sort((a, b) => a - b);
      recordLoad(
        `${name} of a ${EVENTS_IN_CALENDAR}-event calendar`,
        {
          requests: latenciesMs.length,
          failures,
          requestsPerSecond: latenciesMs.length / elapsedS,
          p50Ms: percentile(latenciesMs, 0.5),
          p99Ms: percentile(latenciesMs, 0.99),
        },
        {
          bench: 'Sandbox Google over loopback',
          sandboxLatencyMs: 0,
          notes: `concurrency ${CONCURRENCY}, ${DURATION_MS / 1000} s`,
        },
      );
    }
  } finally {
    await server.close();
  }
});

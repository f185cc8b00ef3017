import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import type { EventTime, Recurrence } from '@calsync/core';
import { expandSeries } from '@calsync/core';

/** Prints figures only; nothing here asserts on time. */
const SERIES = 1_000;
const YEAR = { startsAtUTC: '2026-01-01T00:00:00.000Z', endsAtUTC: '2027-01-01T00:00:00.000Z' };
const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Chatham',
  'UTC',
];
const RULES = [
  'RRULE:FREQ=DAILY',
  'RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR',
  'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
  'RRULE:FREQ=MONTHLY;BYDAY=-1FR',
  'RRULE:FREQ=MONTHLY;BYMONTHDAY=31',
  'RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261130T000000Z',
  'RRULE:FREQ=YEARLY;COUNT=5',
];

function series(i: number): { time: EventTime; recurrence: Recurrence } {
  const start = Date.parse('2025-12-01T08:00:00.000Z') + (i % 97) * 900_000;
  return {
    time: {
      kind: 'zoned',
      startsAtUTC: new Date(start).toISOString(),
      endsAtUTC: new Date(start + 3_600_000).toISOString(),
      timeZone: ZONES[i % ZONES.length]!,
    },
    recurrence: {
      lines: [RULES[i % RULES.length]!, ...(i % 4 === 0 ? ['EXDATE:20260105T080000Z'] : [])],
    },
  };
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

test('core: expansion of 1,000 series over a year', () => {
  const all = Array.from({ length: SERIES }, (_, i) => series(i));
  const rows: {
    run: number;
    ms: string;
    instances: number;
    seriesPerSecond: string;
    instancesPerSecond: string;
  }[] = [];
  for (let run = 1; run <= 3; run++) {
    let instances = 0;
    const started = performance.now();
    for (const s of all) instances += expandSeries({ ...s, window: YEAR }).occurrences.length;
    const ms = performance.now() - started;
    rows.push({
      run,
      ms: ms.toFixed(1),
      instances,
      seriesPerSecond: Math.round((SERIES / ms) * 1000).toLocaleString('en-US'),
      instancesPerSecond: Math.round((instances / ms) * 1000).toLocaleString('en-US'),
    });
  }
  const memory = process.memoryUsage();
  console.log(
    `\nexpandSeries, ${SERIES.toLocaleString('en-US')} series × 1 year (${ZONES.length} zones, ${RULES.length} rule shapes)`,
  );
  console.table(rows);
  console.log(
    `heapUsed ${mb(memory.heapUsed)} MB, rss ${mb(memory.rss)} MB, peak RSS (maxRSS) ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
  );
  expect(rows[0]!.instances).toBeGreaterThan(SERIES);
});

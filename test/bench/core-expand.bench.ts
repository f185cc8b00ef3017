import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import type { EventTime, Recurrence } from '@calsync/core';
import { expandSeries } from '@calsync/core';
import { recordFigure } from './support/report.js';

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

const BENCH = 'Core recurrence expansion';
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

test('core: expansion of 1,000 series over a year', () => {
  const all = Array.from({ length: SERIES }, (_, i) => series(i));
  const runsMs: number[] = [];
  let instances = 0;
  for (let run = 1; run <= 3; run++) {
    instances = 0;
    const started = performance.now();
    for (const s of all) instances += expandSeries({ ...s, window: YEAR }).occurrences.length;
    runsMs.push(performance.now() - started);
  }
  const bestMs = Math.min(...runsMs);
  const shape = `${ZONES.length} zones, ${RULES.length} rule shapes; best of ${runsMs.length} runs`;
  recordFigure({
    bench: BENCH,
    name: `expansion of ${SERIES.toLocaleString('en-US')} series over a year`,
    value: Math.round(bestMs * 10) / 10,
    unit: 'ms',
    notes: `${instances.toLocaleString('en-US')} instances; ${shape}; runs ${runsMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
  });
  recordFigure({
    bench: BENCH,
    name: 'instances expanded per second',
    value: Math.round((instances / bestMs) * 1000),
    unit: 'items/s',
    notes: shape,
  });
  recordFigure({
    bench: BENCH,
    name: 'peak RSS of the test process',
    value: mb(process.resourceUsage().maxRSS * 1024),
    unit: 'MB',
    notes: `heap used ${mb(process.memoryUsage().heapUsed)} MB at the end`,
  });
  expect(instances).toBeGreaterThan(SERIES);
});

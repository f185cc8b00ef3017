import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import type { EventTime } from '@calsync/core';
import {
  RECURRENCE_LIMITS,
  excludedOriginalStarts,
  expandSeries,
  recurrenceLimitProblem,
} from '@calsync/core';
import { recordFigure } from './support/report.js';

/** Prints figures only; nothing here asserts on time. */
const BENCH = 'Recurrence limits';
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 5, 9);
const time: EventTime = {
  kind: 'zoned',
  startsAtUTC: new Date(START).toISOString(),
  endsAtUTC: new Date(START + 900_000).toISOString(),
  timeZone: 'Europe/Berlin',
};

/** `count` daily values from `fromDay`, 58 to a line (the API's 1,000-character lines). */
function listLines(name: 'EXDATE' | 'RDATE', count: number, fromDay: number): string[] {
  const values = Array.from({ length: count }, (_, i) =>
    new Date(START + (fromDay + i) * DAY_MS).toISOString().replace(/[-:]|\.\d{3}/g, ''),
  );
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += 58)
    lines.push(`${name}:${values.slice(i, i + 58).join(',')}`);
  return lines;
}

const best = (runs: number, work: () => void): number => {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return Math.round(Math.min(...times) * 100) / 100;
};

test('recurrence limits: refusing the EXDATE bomb, expanding the largest accepted series', () => {
  const bomb = [
    'RRULE:FREQ=DAILY',
    ...listLines('EXDATE', 25 * 58, 1),
    ...listLines('RDATE', 24 * 58, 3000),
  ];
  const bombBytes = bomb.join('\r\n').length;
  expect(recurrenceLimitProblem(bomb)?.reason).toBe('too_many_exdates');
  recordFigure({
    bench: BENCH,
    name: `refusing the EXDATE bomb (${Math.round(bombBytes / 1024)} KB)`,
    value: best(5, () => recurrenceLimitProblem(bomb)),
    unit: 'ms',
    notes: `${25 * 58} EXDATEs, ${24 * 58} RDATEs; best of 5`,
  });

  const largest = {
    lines: [
      'RRULE:FREQ=DAILY',
      ...listLines('EXDATE', RECURRENCE_LIMITS.maxExdates, 1),
      ...listLines('RDATE', RECURRENCE_LIMITS.maxRdates, 1500),
    ],
  };
  expect(recurrenceLimitProblem(largest.lines)).toBeNull();
  const window = {
    startsAtUTC: new Date(START).toISOString(),
    endsAtUTC: new Date(START + 3000 * DAY_MS).toISOString(),
  };
  let instances = 0;
  recordFigure({
    bench: BENCH,
    name: 'expanding the largest accepted series over 8 years',
    value: best(3, () => {
      instances = expandSeries({ time, recurrence: largest, window }).occurrences.length;
    }),
    unit: 'ms',
    notes: `daily, 1,000 EXDATEs, 1,000 RDATEs, Europe/Berlin; ${instances.toLocaleString('en-US')} instances; best of 3`,
  });
  let excluded = 0;
  recordFigure({
    bench: BENCH,
    name: 'finding which of 1,000 EXDATEs cancel an instance (Graph push)',
    value: best(3, () => {
      excluded = excludedOriginalStarts(time, largest).length;
    }),
    unit: 'ms',
    notes: `${excluded} hit; one expansion, then set lookups; best of 3`,
  });
  const hourly = {
    time: {
      ...time,
      startsAtUTC: '1990-01-01T08:00:00.000Z',
      endsAtUTC: '1990-01-01T08:15:00.000Z',
    },
    recurrence: { lines: ['RRULE:FREQ=HOURLY'] },
    window: { startsAtUTC: '2026-01-01T00:00:00Z', endsAtUTC: '2026-01-02T00:00:00Z' },
  };
  recordFigure({
    bench: BENCH,
    name: `an hourly rule stopped at the iteration cap (${RECURRENCE_LIMITS.maxRuleIterations.toLocaleString('en-US')} steps)`,
    value: best(3, () => {
      expect(expandSeries(hourly).truncated).toBe(true);
    }),
    unit: 'ms',
    notes: 'DTSTART 36 years before the window; best of 3',
  });
});

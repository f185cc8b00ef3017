import { describe, expect, test } from 'vitest';
import type { EventTime, GraphPatternedRecurrence } from '../src/index.js';
import {
  eventTimeFromGoogle,
  eventTimeToGoogle,
  expandSeries,
  originalStartFromGoogle,
  originalStartToGoogle,
  planRecurrence,
  recurrenceFromGoogle,
  recurrenceFromGraph,
  recurrenceToGoogle,
  recurrenceToGraph,
} from '../src/index.js';

const ny = (startsAtUTC: string): EventTime => ({
  kind: 'zoned',
  startsAtUTC,
  endsAtUTC: new Date(Date.parse(startsAtUTC) + 3_600_000).toISOString(),
  timeZone: 'America/New_York',
});
// Monday 2 March 2026, 09:00 New York.
const MON = ny('2026-03-02T14:00:00.000Z');
const range = (
  extra: Partial<GraphPatternedRecurrence['range']> = {},
): GraphPatternedRecurrence['range'] => ({
  type: 'noEnd',
  startDate: '2026-03-02',
  recurrenceTimeZone: 'America/New_York',
  ...extra,
});

/** [name, RRULE, series start, the Graph pattern it must become]. */
const ROUND_TRIPS: [string, string, EventTime, GraphPatternedRecurrence][] = [
  ['daily', 'FREQ=DAILY', MON, { pattern: { type: 'daily', interval: 1 }, range: range() }],
  [
    'every 3 days, 10 times',
    'FREQ=DAILY;INTERVAL=3;COUNT=10',
    MON,
    {
      pattern: { type: 'daily', interval: 3 },
      range: range({ type: 'numbered', numberOfOccurrences: 10 }),
    },
  ],
  [
    'weekdays (DAILY;BYDAY)',
    'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR',
    MON,
    {
      pattern: {
        type: 'weekly',
        interval: 1,
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        firstDayOfWeek: 'monday',
      },
      range: range(),
    },
  ],
  [
    'weekly implicit day',
    'FREQ=WEEKLY',
    MON,
    {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'], firstDayOfWeek: 'monday' },
      range: range(),
    },
  ],
  [
    'biweekly Mon+Wed, WKST=SU, until',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=SU;UNTIL=20260630T035959Z',
    MON,
    {
      pattern: {
        type: 'weekly',
        interval: 2,
        daysOfWeek: ['monday', 'wednesday'],
        firstDayOfWeek: 'sunday',
      },
      range: range({ type: 'endDate', endDate: '2026-06-29' }),
    },
  ],
  [
    'absoluteMonthly on the 2nd',
    'FREQ=MONTHLY;BYMONTHDAY=2;COUNT=6',
    MON,
    {
      pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 2 },
      range: range({ type: 'numbered', numberOfOccurrences: 6 }),
    },
  ],
  [
    'relativeMonthly first Monday',
    'FREQ=MONTHLY;BYDAY=1MO',
    MON,
    {
      pattern: { type: 'relativeMonthly', interval: 1, index: 'first', daysOfWeek: ['monday'] },
      range: range(),
    },
  ],
  [
    'relativeMonthly last weekday (BYSETPOS)',
    'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1',
    ny('2026-03-31T13:00:00.000Z'),
    {
      pattern: {
        type: 'relativeMonthly',
        interval: 1,
        index: 'last',
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      },
      range: range({ startDate: '2026-03-31' }),
    },
  ],
  [
    'relativeMonthly last Friday every 2 months',
    'FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR',
    ny('2026-03-27T13:00:00.000Z'),
    {
      pattern: { type: 'relativeMonthly', interval: 2, index: 'last', daysOfWeek: ['friday'] },
      range: range({ startDate: '2026-03-27' }),
    },
  ],
  [
    'absoluteYearly implicit',
    'FREQ=YEARLY;COUNT=3',
    MON,
    {
      pattern: { type: 'absoluteYearly', interval: 1, month: 3, dayOfMonth: 2 },
      range: range({ type: 'numbered', numberOfOccurrences: 3 }),
    },
  ],
  [
    'relativeYearly 4th Thursday of November',
    'FREQ=YEARLY;BYMONTH=11;BYDAY=4TH',
    ny('2026-11-26T14:00:00.000Z'),
    {
      pattern: {
        type: 'relativeYearly',
        interval: 1,
        month: 11,
        index: 'fourth',
        daysOfWeek: ['thursday'],
      },
      range: range({ startDate: '2026-11-26' }),
    },
  ],
  [
    'all-day weekly until a date',
    'FREQ=WEEKLY;BYDAY=TU;UNTIL=20260331',
    { kind: 'all_day', startDate: '2026-03-03', endDate: '2026-03-04' },
    {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
      range: { type: 'endDate', startDate: '2026-03-03', endDate: '2026-03-31' },
    },
  ],
];

const THREE_YEARS = { startsAtUTC: '2026-01-01T00:00:00Z', endsAtUTC: '2029-01-01T00:00:00Z' };
const instants = (time: EventTime, lines: readonly string[]) =>
  expandSeries({ time, recurrence: { lines }, window: THREE_YEARS }).occurrences.map((o) => o.time);

describe('Graph patternedRecurrence ↔ RRULE', () => {
  for (const [name, rule, time, graph] of ROUND_TRIPS) {
    test(`${name}: ${rule}`, () => {
      const toGraph = recurrenceToGraph({ lines: [`RRULE:${rule}`] }, time);
      expect(toGraph).toEqual({ kind: 'pattern', recurrence: graph, cancelledOccurrences: [] });
      const back = recurrenceFromGraph(graph, time);
      // Same instances over three years, and Graph → RRULE → Graph is the identity.
      expect(instants(time, back.lines)).toEqual(instants(time, [`RRULE:${rule}`]));
      expect(recurrenceToGraph(back, time)).toEqual(toGraph);
    });
  }

  const REFUSED: [string, string[], EventTime][] = [
    ['hourly', ['RRULE:FREQ=HOURLY'], MON],
    ['BYHOUR', ['RRULE:FREQ=DAILY;BYHOUR=9,15'], MON],
    ['two RRULEs', ['RRULE:FREQ=WEEKLY', 'RRULE:FREQ=MONTHLY'], MON],
    ['RDATE', ['RRULE:FREQ=WEEKLY', 'RDATE:20260305T140000Z'], MON],
    ['EXRULE', ['RRULE:FREQ=DAILY', 'EXRULE:FREQ=WEEKLY'], MON],
    ['monthly on the 31st', ['RRULE:FREQ=MONTHLY'], ny('2026-03-31T13:00:00.000Z')],
    ['yearly on Feb 29', ['RRULE:FREQ=YEARLY'], ny('2028-02-29T14:00:00.000Z')],
    ['every Monday of the month (plain BYDAY in MONTHLY)', ['RRULE:FREQ=MONTHLY;BYDAY=MO'], MON],
    ['several months', ['RRULE:FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=2'], MON],
    ['DTSTART not produced by the rule', ['RRULE:FREQ=WEEKLY;BYDAY=FR'], MON],
    [
      'floating',
      ['RRULE:FREQ=DAILY'],
      {
        kind: 'floating',
        startsAtLocal: '2026-03-02T09:00:00',
        endsAtLocal: '2026-03-02T10:00:00',
      },
    ],
  ];
  for (const [name, lines, time] of REFUSED) {
    test(`not representable: ${name}`, () => {
      const result = recurrenceToGraph({ lines }, time);
      expect(result.kind).toBe('not_representable');
    });
  }

  test('EXDATEs become occurrences to cancel after creating the series', () => {
    const result = recurrenceToGraph(
      {
        lines: [
          'RRULE:FREQ=WEEKLY;COUNT=4',
          'EXDATE;TZID=America/New_York:20260309T090000',
          'EXDATE:20270101T000000Z',
        ],
      },
      MON,
    );
    expect(result).toMatchObject({
      kind: 'pattern',
      cancelledOccurrences: [{ kind: 'instant', atUTC: '2026-03-09T13:00:00.000Z' }],
    });
  });

  test('fallback plan: Graph cannot express the rule → single instances in the window, rule untouched', () => {
    const plan = planRecurrence(
      'microsoft',
      ny('2026-01-31T14:00:00.000Z'),
      { lines: ['RRULE:FREQ=MONTHLY'] },
      {
        startsAtUTC: '2026-01-01T00:00:00Z',
        endsAtUTC: '2026-06-01T00:00:00Z',
      },
    );
    expect(plan.kind).toBe('single_instances');
    if (plan.kind === 'single_instances') {
      expect(plan.instances.map((o) => o.time.kind === 'zoned' && o.time.startsAtUTC)).toEqual([
        '2026-01-31T14:00:00.000Z',
        '2026-03-31T13:00:00.000Z',
        '2026-05-31T13:00:00.000Z',
      ]);
    }
    expect(planRecurrence('caldav', MON, { lines: ['RRULE:FREQ=HOURLY'] }, THREE_YEARS).kind).toBe(
      'native_lines',
    );
  });
});

describe('Google conversions', () => {
  test('recurrence lines: DTSTART dropped, local UNTIL rewritten to UTC', () => {
    const berlin: EventTime = {
      kind: 'zoned',
      startsAtUTC: '2026-03-02T08:00:00.000Z',
      endsAtUTC: '2026-03-02T09:00:00.000Z',
      timeZone: 'Europe/Berlin',
    };
    expect(
      recurrenceToGoogle(
        {
          lines: [
            'DTSTART:20260302T080000Z',
            'RRULE:FREQ=DAILY;UNTIL=20260410T090000',
            'EXDATE;TZID=Europe/Berlin:20260303T090000',
          ],
        },
        berlin,
      ),
    ).toEqual([
      'RRULE:FREQ=DAILY;UNTIL=20260410T070000Z',
      'EXDATE;TZID=Europe/Berlin:20260303T090000',
    ]);
    expect(recurrenceFromGoogle(['RRULE:FREQ=WEEKLY', 'X-FOO:bar'])).toEqual({
      lines: ['RRULE:FREQ=WEEKLY'],
    });
    expect(recurrenceFromGoogle(undefined)).toBeNull();
  });

  test('start/end round trip for zoned and all-day', () => {
    const google = eventTimeToGoogle(ny('2026-03-09T13:00:00.000Z'), 'UTC');
    expect(google.start).toEqual({
      dateTime: '2026-03-09T09:00:00-04:00',
      timeZone: 'America/New_York',
    });
    expect(eventTimeFromGoogle(google.start, google.end, 'UTC')).toEqual(
      ny('2026-03-09T13:00:00.000Z'),
    );
    const allDay: EventTime = { kind: 'all_day', startDate: '2026-03-03', endDate: '2026-03-05' };
    const g2 = eventTimeToGoogle(allDay, 'UTC');
    expect(eventTimeFromGoogle(g2.start, g2.end, 'UTC')).toEqual(allDay);
    expect(eventTimeFromGoogle({ dateTime: 'nonsense' }, {}, 'UTC')).toBeNull();
  });

  test('originalStartTime round trip', () => {
    const slot = { kind: 'instant', atUTC: '2026-03-09T13:00:00.000Z' } as const;
    const google = originalStartToGoogle(slot, 'Asia/Kolkata');
    expect(google).toEqual({ dateTime: '2026-03-09T18:30:00+05:30', timeZone: 'Asia/Kolkata' });
    expect(originalStartFromGoogle(google)).toEqual(slot);
    expect(originalStartFromGoogle({ date: '2026-03-09' })).toEqual({
      kind: 'date',
      date: '2026-03-09',
    });
  });
});

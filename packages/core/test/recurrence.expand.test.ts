import { describe, expect, test } from 'vitest';
import type { EventTime, ExpandRequest } from '../src/index.js';
import { expandSeries } from '../src/index.js';

/**
 * Expected instants below are computed by hand from the zones' published rules (2026):
 * New York DST Mar 8 → Nov 1; Berlin Mar 29 → Oct 25; Sydney (southern) ends Apr 5, starts Oct 4;
 * Kolkata +05:30 all year; Chatham +12:45 / +13:45, DST ends Apr 5 and starts Sep 27.
 */
function zoned(startsAtUTC: string, minutes: number, timeZone: string): EventTime {
  return {
    kind: 'zoned',
    startsAtUTC,
    endsAtUTC: new Date(Date.parse(startsAtUTC) + minutes * 60_000).toISOString(),
    timeZone,
  };
}

const YEAR_2026 = {
  startsAtUTC: '2025-12-01T00:00:00.000Z',
  endsAtUTC: '2027-02-01T00:00:00.000Z',
};

function starts(
  request: Omit<ExpandRequest, 'window'> & { window?: ExpandRequest['window'] },
): string[] {
  return expandSeries({ window: YEAR_2026, ...request }).occurrences.map((o) =>
    o.time.kind === 'zoned'
      ? o.time.startsAtUTC
      : o.time.kind === 'all_day'
        ? o.time.startDate
        : o.time.startsAtLocal,
  );
}

describe('expansion in real zones', () => {
  test('America/New_York: weekly 09:00 keeps wall-clock across the March change', () => {
    expect(
      starts({
        time: zoned('2026-03-02T14:00:00.000Z', 60, 'America/New_York'),
        recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=3'] },
      }),
    ).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z']);
  });

  test('America/New_York: a 02:30 daily series through the spring gap moves forward (offset before the gap)', () => {
    expect(
      starts({
        time: zoned('2026-03-07T07:30:00.000Z', 30, 'America/New_York'),
        recurrence: { lines: ['RRULE:FREQ=DAILY;COUNT=3'] },
      }),
    ).toEqual(['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
  });

  test('America/New_York: 01:30 on the fall-back day is its first occurrence (EDT)', () => {
    expect(
      starts({
        time: zoned('2026-10-25T05:30:00.000Z', 30, 'America/New_York'),
        recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=3'] },
      }),
    ).toEqual(['2026-10-25T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-08T06:30:00.000Z']);
  });

  test('America/New_York: a series crossing both DST changes keeps 09:00 all year', () => {
    const got = starts({
      time: zoned('2026-01-05T14:00:00.000Z', 60, 'America/New_York'),
      recurrence: { lines: ['RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=12'] },
    });
    // First Mondays of 2026: Jan 5, Feb 2, Mar 2 (EST), Apr 6 … Oct 5 (EDT), Nov 2, Dec 7 (EST).
    expect(got).toEqual([
      '2026-01-05T14:00:00.000Z',
      '2026-02-02T14:00:00.000Z',
      '2026-03-02T14:00:00.000Z',
      '2026-04-06T13:00:00.000Z',
      '2026-05-04T13:00:00.000Z',
      '2026-06-01T13:00:00.000Z',
      '2026-07-06T13:00:00.000Z',
      '2026-08-03T13:00:00.000Z',
      '2026-09-07T13:00:00.000Z',
      '2026-10-05T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      '2026-12-07T14:00:00.000Z',
    ]);
  });

  test('Europe/Berlin: monthly on the 31st skips short months and follows both changes', () => {
    expect(
      starts({
        time: zoned('2026-01-31T09:00:00.000Z', 60, 'Europe/Berlin'),
        recurrence: { lines: ['RRULE:FREQ=MONTHLY;UNTIL=20261231T235959Z'] },
      }),
    ).toEqual([
      '2026-01-31T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
      '2026-05-31T08:00:00.000Z',
      '2026-07-31T08:00:00.000Z',
      '2026-08-31T08:00:00.000Z',
      '2026-10-31T09:00:00.000Z',
      '2026-12-31T09:00:00.000Z',
    ]);
  });

  test('Europe/Berlin: BYMONTHDAY=31 explicit gives the same set', () => {
    expect(
      starts({
        time: zoned('2026-01-31T09:00:00.000Z', 60, 'Europe/Berlin'),
        recurrence: { lines: ['RRULE:FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4'] },
      }),
    ).toEqual([
      '2026-01-31T09:00:00.000Z',
      '2026-03-31T08:00:00.000Z',
      '2026-05-31T08:00:00.000Z',
      '2026-07-31T08:00:00.000Z',
    ]);
  });

  test('Australia/Sydney: last Friday of the month across the southern changes (April and October)', () => {
    expect(
      starts({
        time: zoned('2026-01-29T22:00:00.000Z', 60, 'Australia/Sydney'),
        recurrence: { lines: ['RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=12'] },
      }),
    ).toEqual([
      '2026-01-29T22:00:00.000Z',
      '2026-02-26T22:00:00.000Z',
      '2026-03-26T22:00:00.000Z',
      '2026-04-23T23:00:00.000Z',
      '2026-05-28T23:00:00.000Z',
      '2026-06-25T23:00:00.000Z',
      '2026-07-30T23:00:00.000Z',
      '2026-08-27T23:00:00.000Z',
      '2026-09-24T23:00:00.000Z',
      '2026-10-29T22:00:00.000Z',
      '2026-11-26T22:00:00.000Z',
      '2026-12-24T22:00:00.000Z',
    ]);
  });

  test('Asia/Kolkata: half-hour offset', () => {
    expect(
      starts({
        time: zoned('2026-03-07T03:30:00.000Z', 45, 'Asia/Kolkata'),
        recurrence: { lines: ['RRULE:FREQ=DAILY;INTERVAL=2;COUNT=3'] },
      }),
    ).toEqual(['2026-03-07T03:30:00.000Z', '2026-03-09T03:30:00.000Z', '2026-03-11T03:30:00.000Z']);
  });

  test('Pacific/Chatham: 45-minute offset through the April end of DST', () => {
    expect(
      starts({
        time: zoned('2026-03-28T20:15:00.000Z', 60, 'Pacific/Chatham'),
        recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=3'] },
      }),
    ).toEqual(['2026-03-28T20:15:00.000Z', '2026-04-04T21:15:00.000Z', '2026-04-11T21:15:00.000Z']);
  });

  test('Pacific/Chatham: through the September start of DST', () => {
    expect(
      starts({
        time: zoned('2026-09-19T21:15:00.000Z', 60, 'Pacific/Chatham'),
        recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=2'] },
      }),
    ).toEqual(['2026-09-19T21:15:00.000Z', '2026-09-26T20:15:00.000Z']);
  });

  test('yearly on Feb 29 happens only in leap years (timed, Berlin)', () => {
    expect(
      starts({
        time: zoned('2024-02-29T09:00:00.000Z', 60, 'Europe/Berlin'),
        recurrence: { lines: ['RRULE:FREQ=YEARLY'] },
        window: { startsAtUTC: '2024-01-01T00:00:00Z', endsAtUTC: '2034-01-01T00:00:00Z' },
      }),
    ).toEqual(['2024-02-29T09:00:00.000Z', '2028-02-29T09:00:00.000Z', '2032-02-29T09:00:00.000Z']);
  });

  test('yearly on Feb 29, all-day, with COUNT counting only real dates', () => {
    expect(
      starts({
        time: { kind: 'all_day', startDate: '2024-02-29', endDate: '2024-03-01' },
        recurrence: { lines: ['RRULE:FREQ=YEARLY;COUNT=3'] },
        window: { startsAtUTC: '2024-01-01T00:00:00Z', endsAtUTC: '2040-01-01T00:00:00Z' },
      }),
    ).toEqual(['2024-02-29', '2028-02-29', '2032-02-29']);
  });

  test('UNTIL is inclusive and exact to the second', () => {
    const time = zoned('2026-03-06T14:00:00.000Z', 60, 'America/New_York');
    expect(
      starts({ time, recurrence: { lines: ['RRULE:FREQ=DAILY;UNTIL=20260309T130000Z'] } }),
    ).toEqual([
      '2026-03-06T14:00:00.000Z',
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
    expect(
      starts({ time, recurrence: { lines: ['RRULE:FREQ=DAILY;UNTIL=20260309T125959Z'] } }),
    ).toHaveLength(3);
  });

  test('EXDATE (zoned or UTC form) removes an instance without changing COUNT; RDATE adds one', () => {
    const time = zoned('2026-03-02T14:00:00.000Z', 60, 'America/New_York');
    expect(
      starts({
        time,
        recurrence: {
          lines: [
            'RRULE:FREQ=WEEKLY;COUNT=4',
            'EXDATE;TZID=America/New_York:20260309T090000',
            'EXDATE:20260316T130000Z',
            'RDATE;TZID=America/New_York:20260325T170000',
          ],
        },
      }),
    ).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-23T13:00:00.000Z', '2026-03-25T21:00:00.000Z']);
  });

  test('overrides: one moved, one cancelled, keyed by original start', () => {
    const got = expandSeries({
      time: zoned('2026-03-02T14:00:00.000Z', 60, 'America/New_York'),
      recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=4'] },
      window: YEAR_2026,
      overrides: [
        {
          originalStart: { kind: 'instant', atUTC: '2026-03-09T13:00:00.000Z' },
          time: zoned('2026-03-10T18:00:00.000Z', 30, 'America/New_York'),
          status: 'confirmed',
        },
        {
          originalStart: { kind: 'instant', atUTC: '2026-03-16T13:00:00.000Z' },
          time: zoned('2026-03-16T13:00:00.000Z', 60, 'America/New_York'),
          status: 'cancelled',
        },
      ],
    });
    expect(
      got.occurrences.map((o) => [
        o.originalStart,
        o.time.kind === 'zoned' && o.time.startsAtUTC,
        o.overridden,
      ]),
    ).toEqual([
      [{ kind: 'instant', atUTC: '2026-03-02T14:00:00.000Z' }, '2026-03-02T14:00:00.000Z', false],
      [{ kind: 'instant', atUTC: '2026-03-09T13:00:00.000Z' }, '2026-03-10T18:00:00.000Z', true],
      [{ kind: 'instant', atUTC: '2026-03-23T13:00:00.000Z' }, '2026-03-23T13:00:00.000Z', false],
    ]);
  });

  test('window filtering returns only overlapping instances of an endless rule', () => {
    const got = starts({
      time: zoned('2020-01-06T14:00:00.000Z', 60, 'America/New_York'),
      recurrence: { lines: ['RRULE:FREQ=WEEKLY;BYDAY=MO'] },
      window: { startsAtUTC: '2026-03-01T00:00:00Z', endsAtUTC: '2026-03-17T00:00:00Z' },
    });
    expect(got).toEqual([
      '2026-03-02T14:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
      '2026-03-16T13:00:00.000Z',
    ]);
  });

  test('floating times expand on the wall-clock', () => {
    expect(
      starts({
        time: {
          kind: 'floating',
          startsAtLocal: '2026-03-07T09:00:00',
          endsAtLocal: '2026-03-07T10:00:00',
        },
        recurrence: { lines: ['RRULE:FREQ=DAILY;COUNT=2'] },
      }),
    ).toEqual(['2026-03-07T09:00:00', '2026-03-08T09:00:00']);
  });

  test('a broken rule line is reported, not thrown', () => {
    const result = expandSeries({
      time: zoned('2026-03-02T14:00:00.000Z', 60, 'UTC'),
      recurrence: { lines: ['RRULE:FREQ=SOMETIMES', 'garbage'] },
      window: YEAR_2026,
    });
    expect(result.occurrences).toHaveLength(1); // DTSTART alone
    expect(result.invalidLines).toEqual(['garbage', 'RRULE:FREQ=SOMETIMES']);
  });

  test('impossible dates (Feb 30) yield nothing but DTSTART', () => {
    const got = starts({
      time: zoned('2026-01-10T10:00:00.000Z', 60, 'UTC'),
      recurrence: { lines: ['RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30'] },
    });
    expect(got).toEqual(['2026-01-10T10:00:00.000Z']);
  });
});

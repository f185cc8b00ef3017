import { describe, expect, it } from 'vitest';
import { zoomRecurrenceOf } from './recurrence.js';

// Monday 9 March 2026, 09:00 in New York.
const START = '2026-03-09T13:00:00Z';
const ZONE = 'America/New_York';
const of = (rule: string) => zoomRecurrenceOf([rule], START, ZONE);

describe('zoomRecurrenceOf', () => {
  it.each([
    ['RRULE:FREQ=DAILY;COUNT=5', { type: 1, repeat_interval: 1, end_times: 5 }],
    [
      'RRULE:FREQ=DAILY;INTERVAL=3;UNTIL=20260401T040000Z',
      { type: 1, repeat_interval: 3, end_date_time: '2026-04-01T04:00:00Z' },
    ],
    [
      'RRULE:FREQ=WEEKLY;BYDAY=WE,MO;COUNT=6',
      { type: 2, repeat_interval: 1, weekly_days: '2,4', end_times: 6 },
    ],
    // No BYDAY: the start's weekday in the appointment's zone (Monday).
    [
      'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4',
      { type: 2, repeat_interval: 2, weekly_days: '2', end_times: 4 },
    ],
    [
      'RRULE:FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3',
      { type: 3, repeat_interval: 1, monthly_day: 15, end_times: 3 },
    ],
    ['RRULE:FREQ=MONTHLY;COUNT=3', { type: 3, repeat_interval: 1, monthly_day: 9, end_times: 3 }],
    [
      'RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=3',
      { type: 3, repeat_interval: 1, monthly_week: 2, monthly_week_day: 3, end_times: 3 },
    ],
    [
      'RRULE:FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1;UNTIL=20261231',
      {
        type: 3,
        repeat_interval: 1,
        monthly_week: -1,
        monthly_week_day: 6,
        end_date_time: '2026-12-31T23:59:59Z',
      },
    ],
  ])('%s → type 8 with %o', (rule, recurrence) => {
    expect(of(rule)).toEqual({ type: 8, recurrence });
  });

  it.each([
    'RRULE:FREQ=WEEKLY;BYDAY=MO', // no end
    'RRULE:FREQ=YEARLY;COUNT=3',
    'RRULE:FREQ=DAILY;BYHOUR=9,15;COUNT=3',
    'RRULE:FREQ=DAILY;COUNT=61',
    'RRULE:FREQ=WEEKLY;INTERVAL=51;COUNT=3',
    'RRULE:FREQ=MONTHLY;INTERVAL=11;COUNT=3',
    'RRULE:FREQ=MONTHLY;BYDAY=MO,TU;COUNT=3',
    'RRULE:FREQ=MONTHLY;BYDAY=5FR;COUNT=3',
    'RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3',
    'RRULE:FREQ=DAILY;UNTIL=20260401T040000', // floating UNTIL
  ])('%s → type 3', (rule) => {
    expect(of(rule).type).toBe(3);
  });

  it('takes one rule only: EXDATE lines or a second rule fall back to type 3', () => {
    expect(
      zoomRecurrenceOf(['RRULE:FREQ=DAILY;COUNT=5', 'EXDATE:20260311T130000Z'], START, ZONE),
    ).toMatchObject({ type: 3, reasons: ['EXDATE/RDATE lines'] });
    expect(
      zoomRecurrenceOf(['RRULE:FREQ=DAILY;COUNT=5', 'RRULE:FREQ=WEEKLY;COUNT=2'], START, ZONE).type,
    ).toBe(3);
  });
});

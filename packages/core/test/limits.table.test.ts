import ICAL from 'ical.js';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  type EventTime,
  ICS_LIMITS,
  RECURRENCE_LIMITS,
  RecurrenceLimitError,
  excludedOriginalStarts,
  expandSeries,
  parseICS,
  recurrenceLimitProblem,
} from '../src/index.js';

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 5, 9);
const time: EventTime = {
  kind: 'zoned',
  startsAtUTC: new Date(START).toISOString(),
  endsAtUTC: new Date(START + 3_600_000).toISOString(),
  timeZone: 'UTC',
};

/** `20260105T090000Z`, `count` consecutive days from `fromDay`. */
function dailyValues(count: number, fromDay = 0): string[] {
  return Array.from({ length: count }, (_, i) =>
    new Date(START + (fromDay + i) * DAY_MS)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, ''),
  );
}

/** The values as lines of at most 60 values each, as a client would write them. */
function listLines(name: 'EXDATE' | 'RDATE', values: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < values.length; i += 60)
    lines.push(`${name}:${values.slice(i, i + 60).join(',')}`);
  return lines;
}

const wrap = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:test', ...lines, 'END:VCALENDAR'].join('\r\n');
const vevent = (...lines: string[]): string[] => [
  'BEGIN:VEVENT',
  'UID:u1',
  'SUMMARY:S',
  'DTSTART:20260105T090000Z',
  'DTEND:20260105T100000Z',
  ...lines,
  'END:VEVENT',
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('recurrence limits', () => {
  const { maxExdates, maxRdates, maxRules, maxByListValues } = RECURRENCE_LIMITS;
  test.each([
    [
      'EXDATEs at the cap',
      ['RRULE:FREQ=DAILY', ...listLines('EXDATE', dailyValues(maxExdates))],
      null,
    ],
    [
      'EXDATEs over the cap',
      ['RRULE:FREQ=DAILY', ...listLines('EXDATE', dailyValues(maxExdates + 1))],
      'too_many_exdates',
    ],
    [
      'RDATEs at the cap',
      ['RRULE:FREQ=DAILY', ...listLines('RDATE', dailyValues(maxRdates))],
      null,
    ],
    [
      'RDATEs over the cap',
      ['RRULE:FREQ=DAILY', ...listLines('RDATE', dailyValues(maxRdates + 1))],
      'too_many_rdates',
    ],
    ['rules at the cap', Array.from({ length: maxRules }, () => 'RRULE:FREQ=DAILY'), null],
    [
      'rules over the cap',
      Array.from({ length: maxRules + 1 }, () => 'RRULE:FREQ=DAILY'),
      'too_many_rules',
    ],
    ['SECONDLY', ['RRULE:FREQ=SECONDLY;COUNT=5'], 'rule_frequency_refused'],
    ['MINUTELY', ['RRULE:FREQ=MINUTELY;INTERVAL=30'], 'rule_frequency_refused'],
    ['HOURLY, one an hour', ['RRULE:FREQ=HOURLY'], null],
    ['HOURLY with two minutes an hour', ['RRULE:FREQ=HOURLY;BYMINUTE=0,30'], 'rule_too_dense'],
    ['HOURLY every 2 hours, two minutes', ['RRULE:FREQ=HOURLY;INTERVAL=2;BYMINUTE=0,30'], null],
    [
      'DAILY in disguise of SECONDLY',
      ['RRULE:FREQ=DAILY;BYHOUR=9,10;BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12;BYSECOND=0'],
      'rule_too_dense',
    ],
    [
      'BYYEARDAY at the cap',
      [
        `RRULE:FREQ=YEARLY;BYYEARDAY=${Array.from({ length: maxByListValues }, (_, i) => i + 1).join(',')}`,
      ],
      null,
    ],
    [
      'BYYEARDAY over the cap',
      [
        `RRULE:FREQ=YEARLY;BYYEARDAY=${Array.from({ length: maxByListValues + 1 }, (_, i) => (i % 366) + 1).join(',')}`,
      ],
      'rule_list_too_long',
    ],
    ['BYWEEKNO with MONTHLY', ['RRULE:FREQ=MONTHLY;BYWEEKNO=20'], 'rule_part_not_allowed'],
    ['BYYEARDAY with DAILY', ['RRULE:FREQ=DAILY;BYYEARDAY=100'], 'rule_part_not_allowed'],
    ['February 30th', ['RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'], 'rule_never_matches'],
    ['February 29th', ['RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29'], null],
    ['the last day of February', ['RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=-1'], null],
    [
      'an EXRULE is held to the same shape',
      ['RRULE:FREQ=DAILY', 'EXRULE:FREQ=MINUTELY'],
      'rule_frequency_refused',
    ],
  ])('%s', (_name, lines, reason) => {
    expect(recurrenceLimitProblem(lines)?.reason ?? null).toBe(reason);
  });

  test('a refused rule is ignored by expansion and reported, never iterated', () => {
    const iterator = vi.spyOn(ICAL.Recur.prototype, 'iterator');
    const result = expandSeries({
      time,
      recurrence: { lines: ['RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30'] },
      window: { startsAtUTC: '2026-01-01T00:00:00Z', endsAtUTC: '2027-01-01T00:00:00Z' },
    });
    expect(result.invalidLines).toEqual(['RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30']);
    expect(result.occurrences).toHaveLength(1); // DTSTART only
    expect(iterator).not.toHaveBeenCalled();
  });

  test('the error class carries a stable code and the reason', () => {
    const error = new RecurrenceLimitError(recurrenceLimitProblem(['RRULE:FREQ=SECONDLY'])!);
    expect(error.code).toBe('recurrence_limit_exceeded');
    expect(error.reason).toBe('rule_frequency_refused');
    expect(error.message).toMatch(/SECONDLY/);
  });

  test('an hourly series far from its window stops at the iteration cap', () => {
    const result = expandSeries({
      time: {
        ...time,
        startsAtUTC: '1900-01-01T00:00:00.000Z',
        endsAtUTC: '1900-01-01T00:30:00.000Z',
      },
      recurrence: { lines: ['RRULE:FREQ=HOURLY'] },
      window: { startsAtUTC: '2026-01-01T00:00:00Z', endsAtUTC: '2026-01-02T00:00:00Z' },
      maxInstances: 10_000_000,
    });
    expect(result.truncated).toBe(true);
    expect(result.occurrences).toEqual([]);
  });
});

describe('EXDATEs are checked in one pass', () => {
  test('a thousand exclusions expand the series once, and each is found', () => {
    const exdates = dailyValues(RECURRENCE_LIMITS.maxExdates, 1);
    const recurrence = { lines: ['RRULE:FREQ=DAILY;COUNT=2000', ...listLines('EXDATE', exdates)] };
    const iterator = vi.spyOn(ICAL.Recur.prototype, 'iterator');
    const excluded = excludedOriginalStarts(time, recurrence);
    expect(iterator).toHaveBeenCalledTimes(1);
    expect(excluded).toHaveLength(exdates.length);
    expect(excluded[0]).toEqual({ kind: 'instant', atUTC: '2026-01-06T09:00:00.000Z' });
  });

  test('exclusions that hit no instance are left out, in the order written', () => {
    const recurrence = {
      lines: [
        'RRULE:FREQ=WEEKLY;COUNT=4',
        'EXDATE:20260119T090000Z,20260120T090000Z,20260112T090000Z',
      ],
    };
    expect(excludedOriginalStarts(time, recurrence)).toEqual([
      { kind: 'instant', atUTC: '2026-01-19T09:00:00.000Z' },
      { kind: 'instant', atUTC: '2026-01-12T09:00:00.000Z' },
    ]);
  });
});

describe('iCalendar parser limits', () => {
  test('a series just under the EXDATE cap parses; one over it is skipped with an error', () => {
    const under = parseICS(
      wrap(
        ...vevent(
          'RRULE:FREQ=DAILY',
          ...listLines('EXDATE', dailyValues(RECURRENCE_LIMITS.maxExdates, 1)),
        ),
      ),
    );
    expect(under.events).toHaveLength(1);
    const over = parseICS(
      wrap(
        ...vevent(
          'RRULE:FREQ=DAILY',
          ...listLines('EXDATE', dailyValues(RECURRENCE_LIMITS.maxExdates + 1, 1)),
        ),
        'BEGIN:VEVENT',
        'UID:u2',
        'DTSTART:20260105T090000Z',
        'END:VEVENT',
      ),
    );
    expect(over.events.map((e) => e.uid)).toEqual(['u2']);
    expect(over.issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        uid: 'u1',
        message: expect.stringMatching(/too_many_exdates/),
      }),
    );
  });

  test('a sub-hourly rule skips its VEVENT', () => {
    const result = parseICS(wrap(...vevent('RRULE:FREQ=MINUTELY')));
    expect(result.events).toEqual([]);
    expect(result.issues.find((i) => i.severity === 'error')?.message).toMatch(
      /rule_frequency_refused/,
    );
  });

  test('a line at the length cap is read; one over it skips its VEVENT, not its neighbours', () => {
    const description = (length: number) =>
      `DESCRIPTION:${'x'.repeat(length - 'DESCRIPTION:'.length)}`;
    const at = parseICS(wrap(...vevent(description(ICS_LIMITS.maxLineLength))));
    expect(at.events).toHaveLength(1);
    const over = parseICS(
      wrap(
        ...vevent(description(ICS_LIMITS.maxLineLength + 1)),
        'BEGIN:VEVENT',
        'UID:u2',
        'DTSTART:20260105T090000Z',
        'END:VEVENT',
      ),
    );
    expect(over.events.map((e) => e.uid)).toEqual(['u2']);
    expect(over.issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(/content line of/),
      }),
    );
  });

  test('components nested at the depth cap are read; deeper ones skip their VEVENT', () => {
    const nested = (depth: number): string[] => {
      const names = Array.from({ length: depth }, (_, i) => `X-LEVEL-${i}`);
      return [...names.map((n) => `BEGIN:${n}`), ...names.reverse().map((n) => `END:${n}`)];
    };
    // VCALENDAR and VEVENT are the first two levels.
    const at = parseICS(wrap(...vevent(...nested(ICS_LIMITS.maxDepth - 2))));
    expect(at.events).toHaveLength(1);
    const over = parseICS(
      wrap(
        ...vevent(...nested(ICS_LIMITS.maxDepth - 1)),
        'BEGIN:VEVENT',
        'UID:u2',
        'DTSTART:20260105T090000Z',
        'END:VEVENT',
      ),
    );
    expect(over.events.map((e) => e.uid)).toEqual(['u2']);
    expect(over.issues).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(/nested deeper/),
      }),
    );
  });

  test('a document over the line cap keeps the events read before it', () => {
    const small = (uid: string): string[] => [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTART:20260105T090000Z',
      'END:VEVENT',
    ];
    // 4 lines per event after 3 lines of header: the cut falls inside an event.
    const count = Math.ceil(ICS_LIMITS.maxLines / 4) + 1;
    const body = Array.from({ length: count }, (_, i) => small(`e${i}`).join('\r\n')).join('\r\n');
    const result = parseICS(wrap(body));
    const read = Math.floor((ICS_LIMITS.maxLines - 3) / 4);
    expect(result.events).toHaveLength(read);
    expect(result.issues).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/more than 200000 content lines/) }),
    );
  });
});

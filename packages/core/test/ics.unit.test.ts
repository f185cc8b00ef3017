import ICAL from 'ical.js';
import { describe, expect, test } from 'vitest';
import { foldLine, parseICS, serializeICS, unfoldLines, vtimezoneLines } from '../src/index.js';

const wrap = (...lines: string[]): string =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:test', ...lines, 'END:VCALENDAR'].join('\r\n');
const event = (...lines: string[]): string[] => [
  'BEGIN:VEVENT',
  'UID:u1',
  'SUMMARY:S',
  ...lines,
  'END:VEVENT',
];

const EUROPE_LIKE = [
  'BEGIN:VTIMEZONE',
  'TZID:My Custom Zone',
  'BEGIN:STANDARD',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

describe('parseICS time zones', () => {
  test('a Windows zone name maps to IANA; a time in the spring gap moves forward', () => {
    const [e] = parseICS(
      wrap(...event('DTSTART;TZID="W. Europe Standard Time":20260329T023000', 'DURATION:PT1H')),
    ).events;
    expect(e?.content.time).toEqual({
      kind: 'zoned',
      startsAtUTC: '2026-03-29T01:30:00.000Z',
      endsAtUTC: '2026-03-29T02:30:00.000Z',
      timeZone: 'Europe/Berlin',
    });
    expect(e?.originalTZID).toBe('W. Europe Standard Time');
  });

  test('a Mozilla-prefixed TZID resolves to its IANA suffix', () => {
    const [e] = parseICS(
      wrap(...event('DTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20260110T090000')),
    ).events;
    expect(e?.content.time).toMatchObject({
      startsAtUTC: '2026-01-10T14:00:00.000Z',
      timeZone: 'America/New_York',
    });
  });

  test('a custom DST VTIMEZONE is evaluated by its own rules, with a warning about the stand-in zone', () => {
    const result = parseICS(
      wrap(
        ...EUROPE_LIKE,
        ...event(
          'DTSTART;TZID=My Custom Zone:20260701T100000',
          'DTEND;TZID=My Custom Zone:20260701T110000',
        ),
      ),
    );
    expect(result.events[0]?.content.time).toMatchObject({
      startsAtUTC: '2026-07-01T08:00:00.000Z',
      endsAtUTC: '2026-07-01T09:00:00.000Z',
    });
    expect(
      result.issues.some((i) => i.severity === 'warning' && i.message.includes('My Custom Zone')),
    ).toBe(true);
  });

  test('an unknown TZID without VTIMEZONE degrades to floating time, reported', () => {
    const result = parseICS(wrap(...event('DTSTART;TZID=Nowhere/Special:20260110T090000')));
    expect(result.events[0]?.content.time).toEqual({
      kind: 'floating',
      startsAtLocal: '2026-01-10T09:00:00',
      endsAtLocal: '2026-01-10T09:00:00',
    });
    expect(result.issues).toContainEqual(
      expect.objectContaining({ severity: 'warning', uid: 'u1' }),
    );
  });

  test('DURATION P1D is nominal: same wall-clock next day across DST (23 hours)', () => {
    const [e] = parseICS(
      wrap(...event('DTSTART;TZID=America/New_York:20260307T090000', 'DURATION:P1D')),
    ).events;
    expect(e?.content.time).toMatchObject({
      startsAtUTC: '2026-03-07T14:00:00.000Z',
      endsAtUTC: '2026-03-08T13:00:00.000Z',
    });
  });

  test('all-day without DTEND lasts one day', () => {
    const [e] = parseICS(wrap(...event('DTSTART;VALUE=DATE:20260310'))).events;
    expect(e?.content.time).toEqual({
      kind: 'all_day',
      startDate: '2026-03-10',
      endDate: '2026-03-11',
    });
  });
});

describe('parseICS content', () => {
  test('attendees, organizer, reminders, meeting link, status, override', () => {
    const text = wrap(
      ...event(
        'DTSTART:20260310T140000Z',
        'ORGANIZER;CN=Ann:mailto:Ann@Example.com',
        'ATTENDEE;CN=Bob;PARTSTAT=TENTATIVE;ROLE=OPT-PARTICIPANT:MAILTO:bob@example.com',
        'ATTENDEE;CUTYPE=ROOM;PARTSTAT=ACCEPTED:mailto:room@example.com',
        'CONFERENCE;VALUE=URI;FEATURE=VIDEO:https://meet.google.com/abc-defg-hij',
        'STATUS:TENTATIVE',
        'TRANSP:TRANSPARENT',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'TRIGGER:-PT15M',
        'DESCRIPTION:x',
        'END:VALARM',
      ),
      'BEGIN:VEVENT',
      'UID:u1',
      'RECURRENCE-ID:20260317T140000Z',
      'DTSTART:20260317T160000Z',
      'STATUS:CANCELLED',
      'END:VEVENT',
    );
    const [master, override] = parseICS(text).events;
    expect(master?.content.attendees).toEqual([
      {
        email: 'ann@example.com',
        name: 'Ann',
        responseStatus: 'accepted',
        optional: false,
        organizer: true,
        resource: false,
      },
      {
        email: 'bob@example.com',
        name: 'Bob',
        responseStatus: 'tentative',
        optional: true,
        organizer: false,
        resource: false,
      },
      {
        email: 'room@example.com',
        name: null,
        responseStatus: 'accepted',
        optional: false,
        organizer: false,
        resource: true,
      },
    ]);
    expect(master?.content).toMatchObject({
      status: 'tentative',
      transparency: 'transparent',
      meeting: { provider: 'google_meet', joinUrl: 'https://meet.google.com/abc-defg-hij' },
      reminders: { useDefault: false, overrides: [{ method: 'popup', minutesBefore: 15 }] },
    });
    expect(override?.originalStart).toEqual({ kind: 'instant', atUTC: '2026-03-17T14:00:00.000Z' });
    expect(override?.content.status).toBe('cancelled');
  });

  test('an invalid RRULE is dropped with a warning, the event kept', () => {
    const result = parseICS(wrap(...event('DTSTART:20260310T140000Z', 'RRULE:FREQ=FORTNIGHTLY')));
    expect(result.events).toHaveLength(1);
    expect(result.events[0]?.content.recurrence).toBeNull();
    expect(result.issues[0]?.message).toContain('RRULE');
  });

  test('garbage never throws', () => {
    for (const junk of [
      '',
      '\u0000\u0001',
      'BEGIN:VCALENDAR',
      'END:VEVENT\nBEGIN:',
      ':::',
      'BEGIN:VEVENT\nDTSTART:2026\nEND:VEVENT',
    ]) {
      expect(() => parseICS(junk)).not.toThrow();
    }
  });
});

describe('serializeICS', () => {
  test('unknown properties and components survive a round trip; text escaping and folding', () => {
    const text = wrap(
      ...event(
        'DTSTART;TZID=Europe/Berlin:20260310T090000',
        'DTEND;TZID=Europe/Berlin:20260310T100000',
        'DESCRIPTION:Line one\\nLine two\\, with comma\\; and semicolon',
        'X-CUSTOM-THING;X-PARAM=1:keep me',
        'CATEGORIES:A,B',
        'BEGIN:X-VENDOR-BLOCK',
        'X-INNER:1',
        'END:X-VENDOR-BLOCK',
      ),
    );
    const first = parseICS(text).events[0]!;
    expect(first.content.description).toBe('Line one\nLine two, with comma; and semicolon');
    const written = serializeICS(
      [{ ...first, content: { ...first.content, title: 'Ünïcödé '.repeat(20) } }],
      {
        now: '2026-01-01T00:00:00.000Z',
      },
    );
    expect(written.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(
      true,
    );
    const again = parseICS(written).events[0]!;
    expect(again.extraProperties).toEqual(first.extraProperties);
    expect(again.extraProperties).toContain('X-CUSTOM-THING;X-PARAM=1:keep me');
    expect(again.content.description).toBe(first.content.description);
    expect(again.content.title).toBe('Ünïcödé '.repeat(20));
  });

  test('the generated VTIMEZONE gives ical.js the same instants as Intl', () => {
    const lines = vtimezoneLines('Australia/Sydney', 2026, 2026);
    const zone = new ICAL.Timezone(new ICAL.Component(ICAL.parse(lines.join('\r\n'))));
    const winter = new ICAL.Time(
      { year: 2026, month: 7, day: 1, hour: 9, minute: 0, second: 0, isDate: false },
      zone,
    );
    const summer = new ICAL.Time(
      { year: 2026, month: 12, day: 1, hour: 9, minute: 0, second: 0, isDate: false },
      zone,
    );
    expect(new Date(winter.toUnixTime() * 1000).toISOString()).toBe('2026-06-30T23:00:00.000Z');
    expect(new Date(summer.toUnixTime() * 1000).toISOString()).toBe('2026-11-30T22:00:00.000Z');
  });

  test('folding and unfolding are inverse', () => {
    const line = `DESCRIPTION:${'€'.repeat(60)}`;
    expect(unfoldLines(foldLine(line)).map((l) => l.text)).toEqual([line]);
  });
});

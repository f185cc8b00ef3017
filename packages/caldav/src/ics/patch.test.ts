import type { EventContent } from '@calsync/core';
import { describe, expect, test } from 'vitest';
import { childrenOf, readDocument, writeDocument } from './document.js';
import { readResource } from './read.js';
import { patchEvent } from './patch.js';

const STORED = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Apple Inc.//iOS 17//EN',
  'BEGIN:VEVENT',
  'UID:abc@example.com',
  'DTSTAMP:20260101T000000Z',
  'DTSTART:20260310T140000Z',
  'DTEND:20260310T150000Z',
  'SUMMARY:Standup',
  'X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE="HQ; 3rd floor":geo:52.5,13.4',
  'ATTENDEE;CN=Ann;PARTSTAT=ACCEPTED;SCHEDULE-STATUS=2.0:mailto:ann@example.com',
  'DESCRIPTION:A long description that another client folded at a different place th',
  ' an we would',
  'SEQUENCE:4',
  'BEGIN:VALARM',
  'ACTION:AUDIO',
  'TRIGGER;VALUE=DATE-TIME:20260310T130000Z',
  'END:VALARM',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

function stored(): { content: EventContent; text: string } {
  const reading = readResource({
    href: 'http://h/cal/a.ics',
    calendarId: 'http://h/cal/',
    text: STORED,
    now: new Date(),
  });
  return { content: reading.events[0]!.remote.content, text: STORED };
}

function patch(after: (c: EventContent) => EventContent): string {
  const document = readDocument(STORED);
  const calendar = document.roots[0]!;
  const vevent = childrenOf(calendar, 'VEVENT')[0]!;
  const { content } = stored();
  const patched = patchEvent({
    component: vevent,
    before: content,
    after: after(content),
    now: new Date('2026-03-05T12:00:00Z'),
  });
  calendar.items[calendar.items.indexOf(vevent)] = patched;
  return writeDocument(document.roots);
}

describe('patchEvent', () => {
  test('an unchanged event is written back byte for byte, apart from DTSTAMP and LAST-MODIFIED', () => {
    const text = patch((c) => c);
    expect(text.replace(/DTSTAMP:.*\r\n/, '').replace(/LAST-MODIFIED:.*\r\n/, '')).toBe(
      STORED.replace(/DTSTAMP:.*\r\n/, ''),
    );
  });

  test('a title change touches SUMMARY only and keeps SEQUENCE', () => {
    const text = patch((c) => ({ ...c, title: 'Standup, daily' }));
    expect(text).toContain('SUMMARY:Standup\\, daily\r\n');
    expect(text).toContain('SEQUENCE:4\r\n');
    expect(text).toContain(
      'X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-TITLE="HQ; 3rd floor":geo:52.5,13.4\r\n',
    );
    expect(text).toContain('SCHEDULE-STATUS=2.0');
    expect(text).toContain('folded at a different place th\r\n an we would');
  });

  test('a time change in a zone bumps SEQUENCE and writes TZID times', () => {
    const text = patch((c) => ({
      ...c,
      time: {
        kind: 'zoned',
        startsAtUTC: '2026-03-10T15:00:00.000Z',
        endsAtUTC: '2026-03-10T16:00:00.000Z',
        timeZone: 'Europe/Berlin',
      },
    }));
    expect(text).toContain('DTSTART;TZID=Europe/Berlin:20260310T160000\r\n');
    expect(text).toContain('SEQUENCE:5\r\n');
  });

  test('reminders replace only relative alarms; absolute ones stay', () => {
    const text = patch((c) => ({
      ...c,
      reminders: { useDefault: false, overrides: [{ method: 'email', minutesBefore: 30 }] },
    }));
    expect(text).toContain('TRIGGER;VALUE=DATE-TIME:20260310T130000Z');
    expect(text).toContain('ACTION:EMAIL\r\nTRIGGER:-PT30M');
  });

  test('an attendee change keeps the lines of unchanged attendees', () => {
    const text = patch((c) => ({
      ...c,
      attendees: [
        ...c.attendees,
        {
          email: 'bob@example.com',
          name: null,
          responseStatus: 'needs_action',
          optional: true,
          organizer: false,
          resource: false,
        },
      ],
    }));
    expect(text).toContain(
      'ATTENDEE;CN=Ann;PARTSTAT=ACCEPTED;SCHEDULE-STATUS=2.0:mailto:ann@example.com',
    );
    expect(text.replace(/\r\n /g, '')).toContain(
      'ATTENDEE;PARTSTAT=NEEDS-ACTION;ROLE=OPT-PARTICIPANT;RSVP=TRUE;CUTYPE=INDIVIDUAL:mailto:bob@example.com',
    );
  });
});

describe('readResource', () => {
  test('EXDATEs become cancelled instances and overrides carry their series', () => {
    const text = STORED.replace(
      'SEQUENCE:4',
      'SEQUENCE:4\r\nRRULE:FREQ=DAILY;COUNT=3\r\nEXDATE:20260311T140000Z',
    ).replace(
      'END:VCALENDAR',
      'BEGIN:VEVENT\r\nUID:abc@example.com\r\nRECURRENCE-ID:20260312T140000Z\r\nDTSTART:20260312T170000Z\r\nDTEND:20260312T180000Z\r\nSUMMARY:Late\r\nEND:VEVENT\r\nEND:VCALENDAR',
    );
    const reading = readResource({
      href: 'http://h/cal/a.ics',
      calendarId: 'http://h/cal/',
      text,
      now: new Date(),
    });
    expect(
      reading.changes.map((c) => [c.kind, c.kind === 'upsert' ? c.event.externalId : c.externalId]),
    ).toEqual([
      ['upsert', 'http://h/cal/a.ics'],
      ['removed', 'http://h/cal/a.ics#r=i%3A2026-03-11T14%3A00%3A00.000Z'],
      ['upsert', 'http://h/cal/a.ics#r=i%3A2026-03-12T14%3A00%3A00.000Z'],
    ]);
    expect(reading.events[1]!.remote.seriesExternalId).toBe('http://h/cal/a.ics');
    expect(reading.events[0]!.remote.etag).not.toBe(reading.events[1]!.remote.etag);
  });

  test('garbage is one issue, never a throw', () => {
    const reading = readResource({
      href: 'http://h/cal/x.ics',
      calendarId: 'http://h/cal/',
      text: '<html>oops</html>',
      now: new Date(),
    });
    expect(reading.changes).toEqual([]);
    expect(reading.issues).toEqual([expect.objectContaining({ externalId: 'http://h/cal/x.ics' })]);
  });

  test('a broken VEVENT is reported and its good neighbour kept', () => {
    const text = STORED.replace(
      'END:VCALENDAR',
      'BEGIN:VEVENT\r\nUID:bad\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR',
    );
    const reading = readResource({
      href: 'http://h/cal/a.ics',
      calendarId: 'http://h/cal/',
      text,
      now: new Date(),
    });
    expect(reading.events).toHaveLength(1);
    expect(reading.issues[0]?.reason).toMatch(/DTSTART/);
  });
});

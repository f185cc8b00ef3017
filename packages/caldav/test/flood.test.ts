import { ICS_LIMITS } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ServerUnderTest, fixture, pullRound, startServer, upserts } from './support.js';

/** A master and `overrides` moved instances of a daily series, all in one calendar object. */
function floodText(overrides: number): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//flood//EN',
    'BEGIN:VEVENT',
    'UID:flood',
    'SUMMARY:Flood',
    'DTSTART:20260301T090000Z',
    'DTEND:20260301T093000Z',
    'RRULE:FREQ=DAILY',
    'END:VEVENT',
  ];
  for (let i = 1; i <= overrides; i++) {
    const day = new Date(Date.UTC(2026, 2, 1 + i, 9)).toISOString().replace(/[-:]|\.\d{3}/g, '');
    lines.push(
      'BEGIN:VEVENT',
      'UID:flood',
      `RECURRENCE-ID:${day}`,
      `SUMMARY:Moved ${i}`,
      `DTSTART:${day}`,
      `DTEND:${day}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

const single = (uid: string, title: string): string =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//flood//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SUMMARY:${title}`,
    'DTSTART:20260310T140000Z',
    'DTEND:20260310T150000Z',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

describe('a CalDAV resource with 20,000 VEVENTs (Radicale)', () => {
  let sut: ServerUnderTest;
  beforeAll(async () => {
    sut = await startServer('radicale');
  });
  afterAll(async () => {
    await sut?.server.stop();
  });

  test('is read up to the cap with one pull issue; the resources beside it are imported', async () => {
    const f = await fixture(sut);
    await f.other.putRaw('before.ics', single('good-1', 'Good before'));
    const floodUrl = await f.other.putRaw('flood.ics', floodText(19_999));
    await f.other.putRaw('after.ics', single('good-2', 'Good after'));

    const round = await pullRound(f.adapter, f.calendarId, null, 100, {
      startsAtUTC: '2026-02-01T00:00:00.000Z',
      endsAtUTC: '2026-06-01T00:00:00.000Z',
    });
    const events = upserts(round.changes);
    const fromFlood = events.filter((e) => e.iCalUID === 'flood');
    expect(fromFlood).toHaveLength(ICS_LIMITS.maxEventsPerResource);
    expect(fromFlood.filter((e) => e.originalStart === null)).toHaveLength(1);
    expect(
      events
        .filter((e) => e.iCalUID !== 'flood')
        .map((e) => e.content.title)
        .sort(),
    ).toEqual(['Good after', 'Good before']);
    expect(round.issues).toEqual([
      expect.objectContaining({
        externalId: expect.stringContaining(new URL(floodUrl, f.calendarId).pathname),
        reason: expect.stringMatching(
          /^20000 VEVENTs in one resource: the 18999 past the first 1001/,
        ),
      }),
    ]);
  });
});

import { ICS_LIMITS } from '@calsync/core';
import { describe, expect, test } from 'vitest';
import { readResource } from './read.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');
const HREF = 'http://127.0.0.1/cal/flood.ics';

const calendar = (body: string): string =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n${body}END:VCALENDAR\r\n`;

/** A master and `overrides` instances of a daily series, all in one resource. */
function series(overrides: number, uid = 'flood'): string {
  let body = `BEGIN:VEVENT\r\nUID:${uid}\r\nSUMMARY:Daily\r\nDTSTART:20260105T090000Z\r\nDTEND:20260105T093000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n`;
  for (let i = 1; i <= overrides; i++) {
    const day = new Date(Date.UTC(2026, 0, 5 + i, 9)).toISOString().replace(/[-:]|\.\d{3}/g, '');
    body += `BEGIN:VEVENT\r\nUID:${uid}\r\nRECURRENCE-ID:${day}\r\nSUMMARY:Moved ${i}\r\nDTSTART:${day}\r\nDTEND:${day}\r\nEND:VEVENT\r\n`;
  }
  return body;
}

const read = (text: string) => readResource({ href: HREF, calendarId: 'cal', text, now: NOW });

describe('readResource limits', () => {
  test('a master and overrides up to the cap are all read, with no issue', () => {
    const reading = read(calendar(series(ICS_LIMITS.maxEventsPerResource - 1)));
    expect(reading.events).toHaveLength(ICS_LIMITS.maxEventsPerResource);
    expect(reading.issues).toEqual([]);
  });

  test('20,000 VEVENTs in one resource: the master and the first overrides up to the cap, one issue', () => {
    // The master comes last in the file: it is still read.
    const flood = series(19_999);
    const masterEnd = flood.indexOf('END:VEVENT\r\n') + 'END:VEVENT\r\n'.length;
    const reading = read(calendar(flood.slice(masterEnd) + flood.slice(0, masterEnd)));
    expect(reading.events).toHaveLength(ICS_LIMITS.maxEventsPerResource);
    expect(reading.events.filter((e) => e.remote.originalStart === null)).toHaveLength(1);
    expect(reading.issues).toEqual([
      expect.objectContaining({
        externalId: HREF,
        reason: `20000 VEVENTs in one resource: the ${20_000 - ICS_LIMITS.maxEventsPerResource} past the first ${ICS_LIMITS.maxEventsPerResource} (masters first) were skipped`,
      }),
    ]);
    expect(reading.changes.filter((c) => c.kind === 'upsert').length).toBeLessThanOrEqual(
      ICS_LIMITS.maxEventsPerResource,
    );
  });

  test('components nested past the depth cap refuse the resource, written back never', () => {
    const levels = Array.from({ length: ICS_LIMITS.maxDepth }, (_, i) => `X-LEVEL-${i}`);
    const deep = [...levels.map((n) => `BEGIN:${n}`), ...levels.reverse().map((n) => `END:${n}`)];
    const reading = read(
      calendar(series(0).replace('END:VEVENT', `${deep.join('\r\n')}\r\nEND:VEVENT`)),
    );
    expect(reading.events).toEqual([]);
    expect(reading.document.refused).toMatch(/nested deeper than/);
    expect(reading.issues[0]?.reason).toMatch(/^resource refused: components nested deeper/);
  });

  test('nesting 100,000 levels deep neither overflows the stack nor reads anything', () => {
    const text = calendar(`${'BEGIN:X\r\n'.repeat(100_000)}${'END:X\r\n'.repeat(100_000)}`);
    const reading = read(text);
    expect(reading.events).toEqual([]);
    expect(reading.issues).toHaveLength(1);
  });

  test('a resource past the line cap is refused as a whole', () => {
    const many = series(0).replace(
      'SUMMARY:Daily\r\n',
      `SUMMARY:Daily\r\n${'X-FILLER:x\r\n'.repeat(ICS_LIMITS.maxLines)}`,
    );
    const reading = read(calendar(many));
    expect(reading.events).toEqual([]);
    expect(reading.issues[0]?.reason).toBe(
      `resource refused: more than ${ICS_LIMITS.maxLines} content lines`,
    );
  });

  test('an EXDATE bomb in a master skips that VEVENT and keeps its override', () => {
    const exdates = Array.from({ length: 3000 }, (_, i) =>
      new Date(Date.UTC(2026, 0, 6 + i, 9)).toISOString().replace(/[-:]|\.\d{3}/g, ''),
    );
    const text = calendar(
      series(1).replace(
        'RRULE:FREQ=DAILY\r\n',
        `RRULE:FREQ=DAILY\r\nEXDATE:${exdates.join(',')}\r\n`,
      ),
    );
    const reading = read(text);
    expect(reading.events.map((e) => e.remote.originalStart?.kind ?? 'master')).toEqual([
      'instant',
    ]);
    expect(reading.issues[0]?.reason).toMatch(/too_many_exdates/);
  });
});

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseICS, serializeICS } from '../src/index.js';

// /work/main/packages/core/test → /work/shared/fixtures/ics (the repo root's parent).
const FIXTURES = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/fixtures/ics',
);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(FIXTURES)
  .filter((path) => path.endsWith('.ics'))
  .sort();

/** VEVENTs directly inside a VCALENDAR (or at the root), counted with a plain line scan. */
function countVEvents(text: string): number {
  const stack: string[] = [];
  let count = 0;
  for (const line of text.split(/\r\n|\n|\r/)) {
    const begin = /^BEGIN:(.*)$/i.exec(line.trim());
    const end = /^END:(.*)$/i.exec(line.trim());
    if (begin) {
      const name = begin[1]!.toUpperCase();
      const parent = stack[stack.length - 1];
      if (name === 'VEVENT' && (parent === undefined || parent === 'VCALENDAR')) count++;
      stack.push(name);
    } else if (end) {
      const index = stack.lastIndexOf(end[1]!.toUpperCase());
      if (index >= 0) stack.length = index;
    }
  }
  return count;
}

describe('every fixture under shared/fixtures/ics', () => {
  test('the fixture set is there', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  for (const path of files) {
    const name = relative(FIXTURES, path);
    test(name, () => {
      const text = readFileSync(path, 'utf8');
      const result = parseICS(text);
      const skipped = result.issues.filter(
        (i) => i.severity === 'error' && /VEVENT|DTSTART|RECURRENCE-ID/.test(i.message),
      );
      // Every VEVENT is either returned or recorded as skipped: none vanishes silently.
      expect(result.events.length + skipped.length).toBe(countVEvents(text));
      for (const event of result.events) {
        expect(event.uid).not.toBe('');
        if (event.content.time.kind === 'zoned') {
          expect(Date.parse(event.content.time.endsAtUTC)).toBeGreaterThanOrEqual(
            Date.parse(event.content.time.startsAtUTC),
          );
        }
      }
      // Round trip: what we write reads back to the same events, extra properties included.
      const again = parseICS(serializeICS(result.events, { now: '2026-01-01T00:00:00.000Z' }));
      expect(again.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(again.events.map((e) => [e.uid, e.originalStart, e.content])).toEqual(
        result.events.map((e) => [e.uid, e.originalStart, e.content]),
      );
      expect(again.events.map((e) => e.extraProperties)).toEqual(
        result.events.map((e) => e.extraProperties),
      );
    });
  }
});

describe('specific fixtures', () => {
  const read = (name: string) => parseICS(readFileSync(join(FIXTURES, name), 'utf8'));

  test('a broken event next to a good one: the good one is kept', () => {
    const result = read('python-icalendar/parsing_error.ics');
    expect(result.events.map((e) => e.content.description)).toEqual([
      'Perfectly OK event',
      'Wrong event',
    ]);
    expect(result.issues.some((i) => i.message.includes('EXDATE'))).toBe(true);
  });

  test('invalid DTSTART is skipped and recorded', () => {
    const result = read('python-icalendar/issue_1081_invalid_start_and_end.ics');
    expect(result.events).toEqual([]);
    expect(result.issues).toContainEqual(
      expect.objectContaining({ severity: 'error', uid: 'test-123' }),
    );
  });

  test('a custom fixed-offset VTIMEZONE ("UTC+11") converts exactly', () => {
    const [event] = read('python-icalendar/issue_218_bad_tzid.ics').events;
    expect(event?.content.time).toEqual({
      kind: 'zoned',
      startsAtUTC: '2017-02-28T12:00:00.000Z',
      endsAtUTC: '2017-02-28T12:30:00.000Z',
      timeZone: 'Etc/GMT-11',
    });
    expect(event?.originalTZID).toBe('UTC+11');
  });

  test('a stray line after a VEVENT is reported, the event survives', () => {
    const result = read('python-icalendar/issue_104_broken_calendar.ics');
    expect(result.events.map((e) => e.content.title)).toEqual(['Broken Eevnt']);
    expect(result.issues).toContainEqual(
      expect.objectContaining({ severity: 'warning', lineNumber: 13 }),
    );
  });

  test('events without DTSTART are reported', () => {
    const result = read('python-icalendar/small_bad_calendar.ics');
    expect(result.events).toEqual([]);
    expect(result.issues.some((i) => i.severity === 'error')).toBe(true);
  });
});

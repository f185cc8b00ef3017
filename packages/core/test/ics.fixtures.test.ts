import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parseICS, serializeICS } from '../src/index.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The project's own corpus: small files written for these tests, always run. */
const OWN_CORPUS = join(HERE, 'corpus');
/**
 * The shared corpus of real-world files from other clients and fuzzers, beside the checkout
 * (`<checkout>/../shared/fixtures/ics`). Never copied into the project: a checkout without it runs
 * the own corpus only; the shared corpus's tests are then reported as skipped (and `npm test`
 * names them in its closing lines).
 */
const SHARED_CORPUS = resolve(HERE, '../../../../shared/fixtures/ics');
const SHARED_PRESENT = existsSync(SHARED_CORPUS);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const icsFiles = (dir: string): string[] =>
  walk(dir)
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

/** What every file must satisfy: nothing vanishes silently, and what we write reads back the same. */
function checkCorpusFile(path: string): void {
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
}

describe('every file of the own corpus (test/corpus)', () => {
  const files = icsFiles(OWN_CORPUS);
  test('the own corpus is there', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });
  for (const path of files) {
    test(relative(OWN_CORPUS, path), () => checkCorpusFile(path));
  }
});

describe('own corpus: what each file is for', () => {
  const read = (name: string) => parseICS(readFileSync(join(OWN_CORPUS, name), 'utf8'));

  test('broken events between good ones: the good ones are kept, the broken ones recorded', () => {
    const result = read('broken-between-good.ics');
    expect(result.events.map((e) => e.uid)).toEqual([
      'good-before@calsync.test',
      'good-after@calsync.test',
    ]);
    const errors = result.issues.filter((i) => i.severity === 'error').map((i) => i.uid);
    expect(errors).toEqual(
      expect.arrayContaining(['no-start@calsync.test', 'bad-start@calsync.test']),
    );
  });

  test('a series with EXDATE, RDATE and a moved instance keeps all three', () => {
    const result = read('weekly-series-with-override.ics');
    expect(result.events).toHaveLength(2);
    const master = result.events.find((e) => e.originalStart === null);
    expect(master?.content.recurrence?.lines.join('\n')).toMatch(/RRULE:FREQ=WEEKLY/);
    expect(master?.content.recurrence?.lines.join('\n')).toMatch(/EXDATE/);
    expect(master?.content.recurrence?.lines.join('\n')).toMatch(/RDATE/);
    expect(result.events.find((e) => e.originalStart !== null)?.content.title).toBe(
      'Stand-up (moved)',
    );
  });

  test('a byte-order mark, bare LF endings, folded UTF-8 and unknown properties', () => {
    const [event] = read('bom-lf-folded-unknown.ics').events;
    expect(event?.content.title).toMatch(
      /^Café ☕ with a long title .* folds at seventy-five octets$/,
    );
    expect(JSON.stringify(event?.extraProperties)).toContain('X-CALSYNC-UNKNOWN');
  });

  test('a truncated file keeps nothing it cannot trust and does not throw', () => {
    expect(() => read('truncated.ics')).not.toThrow();
  });
});

describe.skipIf(!SHARED_PRESENT)(
  'every fixture of the shared corpus (../shared/fixtures/ics)',
  () => {
    const files = SHARED_PRESENT ? icsFiles(SHARED_CORPUS) : [];
    test('the fixture set is there', () => {
      expect(files.length).toBeGreaterThan(100);
    });
    for (const path of files) {
      test(relative(SHARED_CORPUS, path), () => checkCorpusFile(path));
    }
  },
);

describe.skipIf(!SHARED_PRESENT)('specific fixtures of the shared corpus', () => {
  const read = (name: string) => parseICS(readFileSync(join(SHARED_CORPUS, name), 'utf8'));

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

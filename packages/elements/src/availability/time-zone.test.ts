import { describe, expect, it } from 'vitest';
import {
  addDays,
  instantOf,
  isKnownTimeZone,
  mondayOfWeek,
  parseIsoDate,
  timeZoneDisplayName,
  wallTimeAt,
} from './time-zone.js';

describe('time zones', () => {
  it('reads the wall clock of an instant in a zone', () => {
    expect(wallTimeAt(new Date('2026-03-02T09:30:00Z'), 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 3,
      day: 2,
      hour: 10,
      minute: 30,
    });
    expect(wallTimeAt(new Date('2026-03-02T03:00:00Z'), 'America/Los_Angeles').day).toBe(1);
  });

  it('turns a wall-clock time back into the instant', () => {
    const wall = { year: 2026, month: 7, day: 14, hour: 9, minute: 0 };
    expect(instantOf(wall, 'Europe/Berlin').toISOString()).toBe('2026-07-14T07:00:00.000Z');
    expect(instantOf(wall, 'Asia/Kolkata').toISOString()).toBe('2026-07-14T03:30:00.000Z');
    expect(instantOf(wall, 'UTC').toISOString()).toBe('2026-07-14T09:00:00.000Z');
  });

  it('takes the earlier instant in a fall-back overlap and skips a spring-forward gap', () => {
    // Berlin: 2026-10-25 03:00 CEST → 02:00 CET, so 02:30 happens twice.
    const overlap = { year: 2026, month: 10, day: 25, hour: 2, minute: 30 };
    expect(instantOf(overlap, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // Berlin: 2026-03-29 02:00 CET → 03:00 CEST, so 02:30 does not exist.
    const gap = { year: 2026, month: 3, day: 29, hour: 2, minute: 30 };
    expect(instantOf(gap, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('finds the Monday of a week as seen in the zone', () => {
    // Sunday 23:30 in New York is already Monday in UTC.
    const instant = new Date('2026-03-09T03:30:00Z');
    expect(mondayOfWeek(instant, 'UTC')).toEqual({ year: 2026, month: 3, day: 9 });
    expect(mondayOfWeek(instant, 'America/New_York')).toEqual({ year: 2026, month: 3, day: 2 });
  });

  it('adds days across months and years', () => {
    expect(addDays({ year: 2026, month: 12, day: 29 }, 7)).toEqual({
      year: 2027,
      month: 1,
      day: 5,
    });
  });

  it('parses ISO dates and refuses impossible ones', () => {
    expect(parseIsoDate('2026-03-02')).toEqual({ year: 2026, month: 3, day: 2 });
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
    expect(parseIsoDate('March 2')).toBeUndefined();
  });

  it('knows which zones exist', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('timeZoneDisplayName', () => {
  const winter = new Date('2026-03-02T12:00:00Z');
  const summer = new Date('2026-07-01T12:00:00Z');

  it('names the zone in the language asked for, not by its IANA id', () => {
    expect(timeZoneDisplayName('Europe/Berlin', 'de', winter)).toBe('Mitteleuropäische Normalzeit');
    expect(timeZoneDisplayName('Europe/Berlin', 'de', summer)).toBe('Mitteleuropäische Sommerzeit');
    expect(timeZoneDisplayName('America/New_York', 'en', winter)).toBe('Eastern Standard Time');
    expect(timeZoneDisplayName('UTC', 'en', winter)).toBe('Coordinated Universal Time');
  });

  it('uses the generic name for a span across a daylight-saving change', () => {
    const after = new Date('2026-03-30T12:00:00Z');
    expect(timeZoneDisplayName('Europe/Berlin', 'de', winter, after)).toBe(
      'Mitteleuropäische Zeit',
    );
  });

  it('falls back to the id for a zone Intl does not know', () => {
    expect(timeZoneDisplayName('Not/AZone', 'en', winter)).toBe('Not/AZone');
  });
});

import { describe, expect, test } from 'vitest';
import { latencyFromEnv } from '../src/index.js';
import { formatInZone, instantOfWallTime } from '../src/shared/zoned-time.js';

const wall = (day: number, hour: number, minute = 0) => ({
  year: 2026,
  month: 3,
  day,
  hour,
  minute,
  second: 0,
});

describe('wall time ↔ instant through Intl', () => {
  test('a time in the spring-forward gap uses the offset before the gap (RFC 5545 §3.3.5)', () => {
    // Europe/Berlin jumps from 02:00 to 03:00 on 29 March 2026.
    const ms = instantOfWallTime(wall(29, 2, 30), 'Europe/Berlin');
    expect(formatInZone(ms, 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
  });

  test('an ambiguous fall-back time is its first occurrence', () => {
    // America/New_York repeats 01:00–02:00 on 1 November 2026.
    const ms = instantOfWallTime(
      { year: 2026, month: 11, day: 1, hour: 1, minute: 30, second: 0 },
      'America/New_York',
    );
    expect(new Date(ms).toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  test('ordinary times on either side of a transition keep their wall clock', () => {
    expect(formatInZone(instantOfWallTime(wall(28, 9), 'Europe/Berlin'), 'Europe/Berlin')).toBe(
      '2026-03-28T09:00:00+01:00',
    );
    expect(formatInZone(instantOfWallTime(wall(30, 9), 'Europe/Berlin'), 'Europe/Berlin')).toBe(
      '2026-03-30T09:00:00+02:00',
    );
  });
});

describe('latencyFromEnv', () => {
  test('reads one figure or per-provider figures, and refuses nonsense', () => {
    expect(latencyFromEnv({})).toBeUndefined();
    expect(latencyFromEnv({ CALSYNC_SANDBOX_LATENCY_MS: '40' })).toBe(40);
    expect(latencyFromEnv({ CALSYNC_SANDBOX_LATENCY_MS: 'google=40, zoom=120' })).toEqual({
      google: 40,
      zoom: 120,
    });
    expect(() => latencyFromEnv({ CALSYNC_SANDBOX_LATENCY_MS: 'yahoo=5' })).toThrow(
      /CALSYNC_SANDBOX_LATENCY_MS/,
    );
  });
});

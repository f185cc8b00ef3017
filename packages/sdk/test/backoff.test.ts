import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../src/http/backoff.js';

describe('backoffDelayMs', () => {
  const options = { baseDelayMs: 1000, maxDelayMs: 30_000 };

  it('doubles per attempt and jitters within the upper half', () => {
    expect(backoffDelayMs(0, { ...options, random: () => 0 })).toBe(500);
    expect(backoffDelayMs(0, { ...options, random: () => 1 })).toBe(1000);
    expect(backoffDelayMs(3, { ...options, random: () => 0 })).toBe(4000);
    expect(backoffDelayMs(3, { ...options, random: () => 1 })).toBe(8000);
  });

  it('stops growing at the cap', () => {
    expect(backoffDelayMs(20, { ...options, random: () => 1 })).toBe(30_000);
  });

  it('spreads clients out', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelayMs(4, options)));
    expect(delays.size).toBeGreaterThan(1);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(8000);
  });
});

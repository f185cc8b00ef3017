import { describe, expect, it } from 'vitest';
import {
  generatePasscode,
  isValidZoomPasscode,
  PASSCODE_ALPHABETS,
  PASSCODE_LENGTH_CHARS,
} from './passcode.js';

/** A small deterministic generator (mulberry32) standing in for the injected randomness. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('generatePasscode', () => {
  it('always meets Zoom’s rules and the strictest common account policy', () => {
    const random = seeded(42);
    for (let i = 0; i < 500; i++) {
      const passcode = generatePasscode(random);
      expect(passcode).toHaveLength(PASSCODE_LENGTH_CHARS);
      expect(isValidZoomPasscode(passcode)).toBe(true);
      expect(passcode).toMatch(/[A-Z]/);
      expect(passcode).toMatch(/[a-z]/);
      expect(passcode).toMatch(/[0-9]/);
      expect(passcode).not.toMatch(/[0O1lI]/);
    }
  });

  it('is a function of the randomness only', () => {
    expect(generatePasscode(seeded(7))).toBe(generatePasscode(seeded(7)));
    expect(generatePasscode(seeded(7))).not.toBe(generatePasscode(seeded(8)));
  });

  it('stays inside the alphabets at the edges of [0, 1)', () => {
    const all = Object.values(PASSCODE_ALPHABETS).join('');
    for (const edge of [0, 0.999999999]) {
      const passcode = generatePasscode(() => edge);
      expect([...passcode].every((c) => all.includes(c))).toBe(true);
    }
  });
});

describe('isValidZoomPasscode', () => {
  it.each([
    ['a', true],
    ['Ab3@-_*xyz', true],
    ['Ab3@-_*xyz1', false],
    ['', false],
    ['abc 123', false],
    ['pässword', false],
  ])('%j → %s', (passcode, valid) => {
    expect(isValidZoomPasscode(passcode)).toBe(valid);
  });
});

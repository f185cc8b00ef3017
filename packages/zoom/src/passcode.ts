import { ZOOM_LIMITS } from './facts.js';

/**
 * Meeting passcodes. Zoom allows at most 10 of `[a-zA-Z0-9@-_*]`; account policies may also ask
 * for a minimum length, letters and digits, or upper and lower case. A 10-character code with at
 * least one upper-case letter, one lower-case letter and one digit meets all of those. Characters
 * people mistype (0/O, 1/l/I) are left out; special characters too, as some policies forbid them.
 */

/** A source of numbers in [0, 1), e.g. `Math.random` or a seeded generator in tests. */
export type RandomSource = () => number;

/** The character classes a generated passcode draws from. */
export const PASSCODE_ALPHABETS = {
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  lower: 'abcdefghijkmnpqrstuvwxyz',
  digits: '23456789',
} as const;

/** Length of generated passcodes (Zoom's maximum). */
export const PASSCODE_LENGTH_CHARS = ZOOM_LIMITS.passcodeMaxChars;

function pick(alphabet: string, random: RandomSource): string {
  const index = Math.min(alphabet.length - 1, Math.floor(random() * alphabet.length));
  return alphabet[index]!;
}

/**
 * A passcode meeting Zoom's rules, drawn with the injected randomness.
 *
 * @example
 * generatePasscode(Math.random) // 'q7Hd2mXa9K'
 */
export function generatePasscode(random: RandomSource): string {
  const { upper, lower, digits } = PASSCODE_ALPHABETS;
  const all = upper + lower + digits;
  const chars = [pick(upper, random), pick(lower, random), pick(digits, random)];
  while (chars.length < PASSCODE_LENGTH_CHARS) chars.push(pick(all, random));
  // Fisher–Yates, so the guaranteed classes do not always sit at the front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/**
 * True when Zoom accepts `passcode` (length and characters; account policies may ask for more).
 *
 * @example
 * isValidZoomPasscode('abc 123') // false
 */
export function isValidZoomPasscode(passcode: string): boolean {
  return ZOOM_LIMITS.passcodePattern.test(passcode);
}

/** Randomness from the platform's cryptographic generator; the default for passcodes. */
export const cryptoRandom: RandomSource = () => {
  const [value] = crypto.getRandomValues(new Uint32Array(1));
  return value! / 2 ** 32;
};

import { randomBytes, randomInt } from 'node:crypto';

/** Source of randomness for ids and tokens, injectable for deterministic tests. */
export interface RandomSource {
  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string;
  /** An integer in [min, max). */
  int(min: number, max: number): number;
}

/** Lower-case base32hex, the alphabet of Google event ids. */
export const BASE32HEX_ALPHABET = '0123456789abcdefghijklmnopqrstuv';
/** URL-safe token characters. */
export const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Cryptographic randomness from node:crypto. */
export const cryptoRandom: RandomSource = {
  string(length, alphabet) {
    const bytes = randomBytes(length);
    let out = '';
    for (const byte of bytes) out += alphabet[byte % alphabet.length];
    return out;
  },
  int(min, max) {
    return randomInt(min, max);
  },
};

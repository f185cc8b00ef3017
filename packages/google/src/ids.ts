import { createHash } from 'node:crypto';

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';
const ID_PREFIX = 'cs';

function base32hex(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32HEX[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The Google event id for an idempotency key: `cs` + base32hex(SHA-256(key)), 54 characters of
 * `[a-v0-9]`, which satisfies Google's id rules (base32hex, lower case, 5–1024 characters). The
 * same key always gives the same id, so a retried insert answers 409 instead of making a second
 * event. Hashing (rather than encoding the key) keeps any key, UUIDs included, valid and short.
 *
 * @example
 * googleEventIdFor('0f8fad5b-d9cb-469f-a165-70867728950e') // 'cs…' (54 chars, stable)
 */
export function googleEventIdFor(idempotencyKey: string): string {
  if (idempotencyKey === '') throw new RangeError('idempotency key must not be empty');
  return ID_PREFIX + base32hex(createHash('sha256').update(idempotencyKey, 'utf8').digest());
}

/** True when `id` is a valid client-supplied Google event id. */
export function isValidGoogleEventId(id: string): boolean {
  return /^[a-v0-9]{5,1024}$/.test(id);
}

/**
 * The Meet `createRequest.requestId` for a write: stable for retries of the same write (same
 * event, same `seed` — the etag being replaced, or nothing for a create), so a retry does not
 * ask for a second conference (Google ignores a repeated id), and new for a later write.
 */
export function meetRequestIdFor(eventId: string, seed = ''): string {
  const suffix = createHash('sha256').update(seed).digest('hex').slice(0, 12);
  return `meet-${eventId}-${suffix}`;
}

import { createHash, randomBytes } from 'node:crypto';

/** Base64url without padding: safe in paths and in query strings the Graph client copies verbatim. */
function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** A new opaque, Exchange-looking item id (`AAMk…`). */
export function newItemId(): string {
  return `AAMkA${base64url(randomBytes(30))}`;
}

/** A new changeKey (base64 of 16 random bytes, as Exchange's look). */
export function newChangeKey(): string {
  return randomBytes(12).toString('base64');
}

/** An opaque random token (access, refresh, codes, delta state). */
export function newToken(prefix: string): string {
  return `${prefix}${base64url(randomBytes(24))}`;
}

/** An Exchange-style global object id in hex for `iCalUId`. */
export function newICalUId(): string {
  return `040000008200E00074C5B7101A82E008${randomBytes(24).toString('hex').toUpperCase()}`;
}

/** The id of one occurrence: opaque to clients, decodable here. */
export function occurrenceId(masterId: string, originalStartMs: number): string {
  return `AAMkO${base64url(Buffer.from(`${masterId}|${originalStartMs}`))}`;
}

/** Inverse of {@link occurrenceId}; undefined for other ids. */
export function parseOccurrenceId(
  id: string,
): { masterId: string; originalStartMs: number } | undefined {
  if (!id.startsWith('AAMkO')) return undefined;
  const decoded = Buffer.from(id.slice(5), 'base64url').toString('utf8');
  const separator = decoded.lastIndexOf('|');
  if (separator < 0) return undefined;
  const originalStartMs = Number(decoded.slice(separator + 1));
  if (!Number.isFinite(originalStartMs)) return undefined;
  return { masterId: decoded.slice(0, separator), originalStartMs };
}

/** Stable hash of a JSON value, used to compare retried create bodies. */
export function hashJSON(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** S256 PKCE transform of a verifier. */
export function pkceS256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

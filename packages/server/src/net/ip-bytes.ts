import { isIP } from 'node:net';

/**
 * An IP address as bytes: 4 for IPv4, 16 for IPv6. `null` when the text is not a canonical
 * address (`isIP` says no). Host names are never parsed here: WHATWG `new URL()` turns every
 * IPv4 spelling (decimal, octal, hex, short forms) into dotted quads before this sees them.
 *
 * @example
 * ipBytes('::ffff:127.0.0.1') // Uint8Array(16) [0, …, 0xff, 0xff, 127, 0, 0, 1]
 */
export function ipBytes(address: string): Uint8Array | null {
  const family = isIP(address);
  if (family === 4) return Uint8Array.from(address.split('.').map(Number));
  if (family !== 6) return null;
  const zoneless = address.replace(/%.*$/, '');
  let text = zoneless;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted[1]!.split('.').map(Number));
    text = `${text.slice(0, -dotted[1]!.length)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const words = (part: string) => (part === '' ? [] : part.split(':').map((w) => parseInt(w, 16)));
  const left = words(head);
  const right = rest === undefined ? [] : words(rest);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  const bytes = new Uint8Array(16);
  all.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  if (tail.length === 4) bytes.set(tail, 12);
  return bytes;
}

/** Whether the first `prefix` bits of `bytes` equal those of `network` (same length). */
export function inPrefix(bytes: Uint8Array, network: Uint8Array, prefix: number): boolean {
  if (bytes.length !== network.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const take = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if ((bytes[i]! & mask) !== (network[i]! & mask)) return false;
  }
  return true;
}

/** Dotted-quad text of 4 bytes. */
export function ipv4Text(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}

import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** A bad trusted-proxy list (`CALSYNC_TRUSTED_PROXIES`). */
export class InvalidTrustedProxyError extends Error {
  override readonly name = 'InvalidTrustedProxyError';
  readonly code = 'invalid_trusted_proxy';
}

function unmapped(address: string): string {
  // An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d.
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The proxies whose `X-Forwarded-For` is believed: addresses and CIDR ranges, IPv4 or IPv6.
 * Empty (the default): the header is ignored and the client is the socket's peer.
 *
 * @example
 * const proxies = TrustedProxies.parse('10.0.0.0/8, 127.0.0.1');
 * proxies.includes('10.1.2.3'); // true
 */
export class TrustedProxies {
  private constructor(
    private readonly list: BlockList,
    readonly size: number,
  ) {}

  /** No trusted proxy. */
  static readonly none = new TrustedProxies(new BlockList(), 0);

  /** Parses `address[/prefix][,…]`; throws {@link InvalidTrustedProxyError} on a bad entry. */
  static parse(value: string): TrustedProxies {
    const list = new BlockList();
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    for (const entry of entries) {
      const [address = '', prefix] = entry.split('/');
      const family = isIP(address);
      if (family === 0)
        throw new InvalidTrustedProxyError(`${entry} is not an IP address or range`);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) {
        list.addAddress(address, type);
        continue;
      }
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
        throw new InvalidTrustedProxyError(`${entry} has a bad prefix length`);
      }
      list.addSubnet(address, bits, type);
    }
    return new TrustedProxies(list, entries.length);
  }

  /** Whether `address` is one of the trusted proxies. */
  includes(address: string): boolean {
    const plain = unmapped(address);
    const family = isIP(plain);
    if (family === 0) return false;
    return this.list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/**
 * The address a request came from: the socket's peer, or — when that peer is a trusted proxy —
 * the right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries further left
 * are whatever the client chose to send). `unknown` when the runtime has no socket (in-process
 * requests).
 *
 * @example
 * const source = clientAddress(c, TrustedProxies.parse('10.0.0.0/8'));
 */
export function clientAddress(c: Context, trusted: TrustedProxies): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  if (!peer) return 'unknown';
  let client = unmapped(peer);
  if (trusted.size === 0 || !trusted.includes(client)) return client;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = unmapped(forwarded[i]!);
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.includes(hop)) return hop;
  }
  return client;
}

import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Resolves a host name to its addresses (injected in tests). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

const PRIVATE = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is loopback, private, link-local (cloud metadata), shared or multicast. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const resolveWithDns: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true })).map((entry) => entry.address);

/**
 * Why a webhook URL must not be called, or null when it may: a tenant must not be able to make the
 * server POST into its own network (databases, cloud metadata). Checked before every attempt.
 * Resolving and then connecting leaves a DNS-rebinding window; the check still stops literal and
 * plainly-resolving private targets.
 */
export async function refuseUnsafeTarget(
  url: string,
  resolve: ResolveHost = resolveWithDns,
): Promise<string | null> {
  const hostname = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(hostname) ? [hostname] : await resolve(hostname);
  } catch (cause) {
    return `cannot resolve ${hostname}: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
  const blocked = addresses.find(isPrivateAddress);
  return blocked ? `refused: ${hostname} is a private address (${blocked})` : null;
}

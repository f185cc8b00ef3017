import { isIP } from 'node:net';
import { nonPublicReason } from '../net/address-policy.js';
import { resolveWithDns, type ResolveHost } from '../net/guarded-lookup.js';
import { targetHost } from '../net/target-url.js';

export type { ResolveHost } from '../net/guarded-lookup.js';

/**
 * Whether an IP address is not a public one (see `nonPublicReason` in `net/address-policy.ts`).
 *
 * @example
 * isPrivateAddress('169.254.169.254') // true
 */
export function isPrivateAddress(address: string): boolean {
  return nonPublicReason(address) !== null;
}

/**
 * Why a URL resolves to a non-public address, or null. A check before connecting leaves a
 * DNS-rebinding window: deliveries use the guarded fetch, which checks at connect time; this
 * remains for callers that want an early answer.
 *
 * @deprecated Use `createGuardedFetch` (connect-time) or `literalTargetRefusal` (no DNS).
 * @example
 * await refuseUnsafeTarget('http://127.0.0.1:5432/') // 'refused: 127.0.0.1 is a private address (127.0.0.1)'
 */
export async function refuseUnsafeTarget(
  url: string,
  resolve: ResolveHost = resolveWithDns,
): Promise<string | null> {
  const host = targetHost(new URL(url));
  const name = host.kind === 'name' ? host.name : new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: readonly string[];
  try {
    addresses =
      host.kind === 'ip'
        ? [host.address]
        : host.kind === 'localhost'
          ? host.addresses
          : await resolve(name);
  } catch (cause) {
    return `cannot resolve ${name}: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
  const blocked = addresses.find((a) => isIP(a) === 0 || isPrivateAddress(a));
  return blocked ? `refused: ${name} is a private address (${blocked})` : null;
}

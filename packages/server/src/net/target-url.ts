import { isIP } from 'node:net';
import type { AddressPolicy } from './address-policy.js';
import type { ResolveHost } from './guarded-lookup.js';

/** A URL's host as the guard sees it: an IP literal, a `localhost` name, or a name to resolve. */
export type TargetHost =
  | { readonly kind: 'ip'; readonly address: string }
  | { readonly kind: 'localhost'; readonly addresses: readonly string[] }
  | { readonly kind: 'name'; readonly name: string };

/**
 * Classifies a parsed URL's host. WHATWG `URL` has already canonicalised every IPv4 spelling
 * (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`) into a dotted quad and every IPv6 literal into
 * its short form; the brackets are removed here. `localhost` and `*.localhost` (RFC 6761) are
 * loopback by definition and never sent to DNS.
 *
 * @example
 * targetHost(new URL('http://0x7f.1/')) // { kind: 'ip', address: '127.0.0.1' }
 */
export function targetHost(url: URL): TargetHost {
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (isIP(host)) return { kind: 'ip', address: host };
  const lower = host.toLowerCase();
  if (lower === 'localhost' || lower.endsWith('.localhost')) {
    return { kind: 'localhost', addresses: ['127.0.0.1', '::1'] };
  }
  return { kind: 'name', name: host };
}

/**
 * Why a URL may not be fetched without resolving anything, or null: not http(s), unparsable, or
 * an IP literal / `localhost` name the policy refuses. Host names are checked when connecting.
 *
 * @example
 * literalTargetRefusal('http://[::ffff:127.0.0.1]/', PUBLIC_ONLY) // 'IPv4-mapped 127.0.0.1: loopback'
 */
export function literalTargetRefusal(url: string | URL, policy: AddressPolicy): string | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return 'not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'not http or https';
  if (policy.allowsAll) return null;
  const host = targetHost(parsed);
  if (host.kind === 'ip') return policy.refusal(host.address);
  if (host.kind === 'localhost') {
    const refusals = host.addresses.map((address) => policy.refusal(address));
    if (refusals.every(Boolean)) return `localhost: ${refusals[0]}`;
  }
  return null;
}

/**
 * {@link literalTargetRefusal}, then, for a host name, why none of the addresses it resolves to
 * may be reached, or null. A name that does not resolve now (or not within `timeoutMs`) is not
 * refused here: every connection is checked again when it is made.
 *
 * @example
 * await resolvedTargetRefusal('https://intranet.example/hook', PUBLIC_ONLY, resolveWithDns);
 * // 'intranet.example resolves to no allowed address: 10.0.0.5 (private)'
 */
export async function resolvedTargetRefusal(
  url: string,
  policy: AddressPolicy,
  resolve: ResolveHost,
  timeoutMs = 2_000,
): Promise<string | null> {
  const literal = literalTargetRefusal(url, policy);
  if (literal !== null || policy.allowsAll) return literal;
  const host = targetHost(new URL(url));
  if (host.kind !== 'name') return null;
  let addresses: readonly string[];
  try {
    addresses = await Promise.race([
      resolve(host.name),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('timed out')), timeoutMs).unref(),
      ),
    ]);
  } catch {
    return null;
  }
  if (addresses.length === 0 || addresses.some((address) => policy.refusal(address) === null)) {
    return null;
  }
  const reasons = addresses.map((address) => `${address} (${policy.refusal(address)})`);
  return `${host.name} resolves to no allowed address: ${reasons.join(', ')}`;
}

import { inPrefix, ipBytes, ipv4Text } from './ip-bytes.js';

type RangeSpec = readonly [network: string, prefix: number, what: string];

/** IPv4 ranges no user-supplied URL may reach unless allowed (IANA special-purpose registry). */
const REFUSED_IPV4: readonly RangeSpec[] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** IPv6 ranges refused outright. 2001::/23 holds Teredo (2001::/32), whose embedded IPv4 is obfuscated. */
const REFUSED_IPV6: readonly RangeSpec[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments (Teredo, ORCHID)'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** IPv6 forms that carry an IPv4 address: where it sits, checked against the IPv4 table. */
const EMBEDDING_IPV6: readonly (readonly [
  network: string,
  prefix: number,
  form: string,
  at: number,
])[] = [
  ['::ffff:0:0', 96, 'IPv4-mapped', 12],
  ['::ffff:0:0:0', 96, 'IPv4-translated', 12],
  ['64:ff9b::', 96, 'NAT64', 12],
  ['2002::', 16, '6to4', 2],
  ['::', 96, 'IPv4-compatible', 12],
];

interface Range {
  readonly network: Uint8Array;
  readonly prefix: number;
  readonly what: string;
}

const compile = (specs: readonly RangeSpec[]): Range[] =>
  specs.map(([network, prefix, what]) => ({ network: ipBytes(network)!, prefix, what }));

const V4 = compile(REFUSED_IPV4);
const V6 = compile(REFUSED_IPV6);
const EMBEDDING = EMBEDDING_IPV6.map(([network, prefix, form, at]) => ({
  network: ipBytes(network)!,
  prefix,
  form,
  at,
}));

/** The IPv4 address an IPv6 address embeds (mapped, translated, NAT64, 6to4, compatible), if any. */
export function embeddedIPv4(bytes: Uint8Array): { form: string; ipv4: Uint8Array } | null {
  if (bytes.length !== 16) return null;
  for (const e of EMBEDDING) {
    if (inPrefix(bytes, e.network, e.prefix)) {
      return { form: e.form, ipv4: bytes.slice(e.at, e.at + 4) };
    }
  }
  return null;
}

/**
 * Why an IP address is not a public one, or null when it is: loopback, private, link-local
 * (cloud metadata at 169.254.169.254), CGNAT, multicast, reserved, benchmarking, documentation,
 * `0.0.0.0/8`, `::`, unique-local, and IPv6 forms embedding any of those IPv4 addresses. Anything
 * that is not an IP address at all is refused too.
 *
 * @example
 * nonPublicReason('::ffff:7f00:1') // 'IPv4-mapped 127.0.0.1: loopback'
 * nonPublicReason('93.184.216.34') // null
 */
export function nonPublicReason(address: string): string | null {
  const bytes = ipBytes(address);
  if (!bytes) return 'not an IP address';
  if (bytes.length === 4) return V4.find((r) => inPrefix(bytes, r.network, r.prefix))?.what ?? null;
  const v6 = V6.find((r) => inPrefix(bytes, r.network, r.prefix));
  if (v6) return v6.what;
  const embedded = embeddedIPv4(bytes);
  if (!embedded) return null;
  const v4 = V4.find((r) => inPrefix(embedded.ipv4, r.network, r.prefix));
  return v4 ? `${embedded.form} ${ipv4Text(embedded.ipv4)}: ${v4.what}` : null;
}

/**
 * Which addresses the server may connect to on a user's behalf: every public address, plus the
 * non-public ones an operator allowed (`CALSYNC_ALLOW_PRIVATE_NETWORKS`).
 */
export interface AddressPolicy {
  /** True when every address is allowed (sandbox mode, `*`). */
  readonly allowsAll: boolean;
  /** Why the address is refused, or null when it may be connected to. */
  refusal(address: string): string | null;
}

/** An entry of an allow list is neither an IP address nor a CIDR block. */
export class InvalidAllowListError extends Error {
  override readonly name = 'InvalidAllowListError';
  readonly code = 'invalid_allow_list';
  constructor(readonly entry: string) {
    super(`"${entry}" is not an IP address, a CIDR block (10.0.0.0/8, fd00::/8) or *`);
  }
}

function parseEntry(entry: string): Range {
  const [address = '', prefixText, extra] = entry.split('/');
  const network = ipBytes(address);
  const max = network?.length === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !network ||
    extra !== undefined ||
    (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) ||
    prefix > max
  ) {
    throw new InvalidAllowListError(entry);
  }
  return { network, prefix, what: entry };
}

/**
 * Builds a policy from allow-list entries: IP addresses, CIDR blocks, or `*` for everything.
 * An IPv4 entry also allows the IPv6 forms embedding an address of it (`::ffff:10.1.2.3`).
 * Throws {@link InvalidAllowListError} on an entry that is none of these.
 *
 * @example
 * const policy = createAddressPolicy(['10.20.0.0/16', 'fd00::/8']);
 * policy.refusal('10.20.1.5') // null
 * policy.refusal('10.30.1.5') // 'private'
 */
export function createAddressPolicy(allow: readonly string[] = []): AddressPolicy {
  const entries = allow.map((e) => e.trim()).filter(Boolean);
  if (entries.includes('*')) return { allowsAll: true, refusal: () => null };
  const allowed = entries.map(parseEntry);
  const isAllowed = (bytes: Uint8Array) => {
    const embedded = embeddedIPv4(bytes)?.ipv4;
    return allowed.some(
      (r) =>
        inPrefix(bytes, r.network, r.prefix) ||
        (embedded !== undefined && inPrefix(embedded, r.network, r.prefix)),
    );
  };
  return {
    allowsAll: false,
    refusal(address) {
      const bytes = ipBytes(address);
      if (bytes && isAllowed(bytes)) return null;
      return nonPublicReason(address);
    },
  };
}

/**
 * Parses a comma-separated allow list (`CALSYNC_ALLOW_PRIVATE_NETWORKS`) into its entries,
 * checking each; an empty or absent value allows nothing.
 *
 * @example
 * parseAllowList('10.0.0.0/8, 192.168.1.20') // ['10.0.0.0/8', '192.168.1.20']
 */
export function parseAllowList(text: string | undefined): string[] {
  const entries = (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) if (entry !== '*') parseEntry(entry);
  return entries;
}

/** Public addresses only: the production default. */
export const PUBLIC_ONLY: AddressPolicy = createAddressPolicy();

/** Every address: sandbox mode and tests on loopback. */
export const ANY_ADDRESS: AddressPolicy = createAddressPolicy(['*']);

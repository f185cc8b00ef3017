import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.js';

/** Resolves a host name to its addresses (DNS by default; tests inject their own). */
export type ResolveHost = (hostname: string) => Promise<readonly string[]>;

/** DNS through the operating system's resolver, every address of both families. */
export const resolveWithDns: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** A name resolved to no address the policy allows; the connection is never opened. */
export class RefusedAddressError extends Error {
  override readonly name = 'RefusedAddressError';
  readonly code = 'refused_address';
}

/**
 * The `lookup` hook of `net.connect`: resolves once, drops the addresses the policy refuses, and
 * hands the rest to the socket, so the address checked is the address connected to (no DNS
 * rebinding between a check and the connect). Fails with {@link RefusedAddressError} when
 * nothing is left. `resolve` may return a fixed list (`localhost`).
 *
 * @example
 * http.request(url, { lookup: guardedLookup(PUBLIC_ONLY, resolveWithDns) });
 */
export function guardedLookup(policy: AddressPolicy, resolve: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = addresses.filter(
          (a) => (wanted === 0 || isIP(a) === wanted) && policy.refusal(a) === null,
        );
        const first = usable[0];
        if (first === undefined) {
          const reasons = addresses.map((a) => `${a} (${policy.refusal(a) ?? 'other family'})`);
          const error = new RefusedAddressError(
            `${hostname} resolves to no allowed address: ${reasons.join(', ') || 'none'}`,
          );
          callback(error as NodeJS.ErrnoException, '', 0);
          return;
        }
        if (options.all) {
          callback(
            null,
            usable.map((address) => ({ address, family: isIP(address) })),
          );
        } else {
          callback(null, first, isIP(first));
        }
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}

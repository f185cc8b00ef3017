import type { Transport } from '../http/transport.js';
import type { Paths } from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import type { RequestOptions } from './common.js';

/** `availability.get`: whose busy time (`userId`, secret key only) and the window. */
export type AvailabilityParams = CamelCase<Paths['/availability']['get']['query']>;
/** Busy periods from every selected calendar plus the user's appointments. */
export type Availability = CamelCase<Paths['/availability']['get']['responses'][200]>;
/** `availability.check`: is the user free for the whole of [start, end)? */
export type AvailabilityCheckParams = CamelCase<Paths['/availability/check']['post']['body']>;
/** The answer of `availability.check`, with what overlaps. */
export type AvailabilityCheck = CamelCase<Paths['/availability/check']['post']['responses'][200]>;

/** `calsync.availability`: free/busy across calendars and appointments. */
export interface AvailabilityAPI {
  /**
   * Busy periods in a window (at most 62 days).
   *
   * @example
   * const { busy } = await calsync.availability.get({ userId: 'u1', from, to });
   */
  get(params: AvailabilityParams, options?: RequestOptions): Promise<Availability>;
  /**
   * Whether the user is free for a slot, and what overlaps it.
   *
   * @example
   * const { free } = await calsync.availability.check({ userId: 'u1', start, end });
   */
  check(params: AvailabilityCheckParams, options?: RequestOptions): Promise<AvailabilityCheck>;
}

/**
 * Binds the availability namespace to a transport.
 *
 * @example
 * const availability = availabilityAPI(createTransport(options));
 */
export function availabilityAPI(transport: Transport): AvailabilityAPI {
  return {
    get: (query, options) =>
      transport.json({ method: 'GET', path: '/availability', query, ...options }),
    check: (body, options) =>
      transport.json({ method: 'POST', path: '/availability/check', body, ...options }),
  };
}

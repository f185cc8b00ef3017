import { GOOGLE_LIMITS, type Pacer, type RequestPacers } from '@calsync/google';
import { SharedPacer } from '../../limits/shared-pacer.js';
import type { SharedLimits } from '../../limits/shared-limits.js';
import type { PacerFor } from './provider-entry.js';

/**
 * One {@link SharedPacer} per Google account, behind the process's own pacer of that account:
 * the per-user quota holds across every process on the database.
 *
 * @example
 * const pacerFor = sharedPacers(new SharedLimits(sql), new RequestPacers());
 */
export function sharedPacers(
  shared: SharedLimits,
  local: RequestPacers,
  requestsPerMinute: number = GOOGLE_LIMITS.perUserRequestsPerMinute,
): PacerFor {
  const byAccount = new Map<string, Pacer>();
  return (account) => {
    let pacer = byAccount.get(account);
    if (pacer === undefined) {
      pacer = new SharedPacer(
        shared,
        `google:${account}`,
        { requestsPerMinute },
        local.for(account),
      );
      byAccount.set(account, pacer);
    }
    return pacer;
  };
}

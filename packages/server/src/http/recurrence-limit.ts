import { recurrenceLimitProblem } from '@calsync/core';
import { ApiError } from './errors.js';

/**
 * Refuses a recurrence past the limits every expansion relies on (`RECURRENCE_LIMITS`: EXDATE and
 * RDATE counts, rule count, sub-hourly or over-dense rules, over-long BY* lists, rules with no
 * instance) with 422 `recurrence_limit_exceeded`; `details.reason` names the limit.
 *
 * @example
 * refuseRecurrenceOverLimits(['RRULE:FREQ=MINUTELY'])
 * // throws ApiError 422 { code: 'recurrence_limit_exceeded', details: { reason: 'rule_frequency_refused' } }
 */
export function refuseRecurrenceOverLimits(lines: readonly string[] | undefined): void {
  const problem = lines ? recurrenceLimitProblem(lines) : null;
  if (problem) {
    throw new ApiError(422, 'recurrence_limit_exceeded', `recurrence refused: ${problem.message}`, {
      reason: problem.reason,
    });
  }
}

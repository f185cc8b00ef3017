import { parseRuleParts, splitRecurrence } from './lines.js';

/**
 * The bounds a recurrence must stay within to be accepted. Real calendars stay far inside them:
 * Google and Outlook never write sub-daily rules, a series rarely carries more than a few hundred
 * exceptions, and no client offers more than one instance per hour.
 */
export const RECURRENCE_LIMITS = {
  /** EXDATE values, all EXDATE lines together. */
  maxExdates: 1_000,
  /** RDATE values, all RDATE lines together. */
  maxRdates: 1_000,
  /** RRULE and EXRULE lines together. */
  maxRules: 10,
  /** Values in one BY* list (BYYEARDAY is the longest real one: 366 days). */
  maxByListValues: 366,
  /** Instances one rule may produce in a day (one per hour). */
  maxInstancesPerDay: 24,
  /** Steps of the rule iterator in one expansion of one rule, whatever the caller's instance cap. */
  maxRuleIterations: 50_000,
} as const;

/** Why a recurrence was refused; stable, for API clients and sync reports. */
export type RecurrenceLimitReason =
  | 'too_many_exdates'
  | 'too_many_rdates'
  | 'too_many_rules'
  | 'rule_frequency_refused'
  | 'rule_list_too_long'
  | 'rule_too_dense'
  | 'rule_part_not_allowed'
  | 'rule_never_matches';

/** A refused recurrence: the reason and a sentence naming the limit. */
export interface RecurrenceLimitProblem {
  readonly reason: RecurrenceLimitReason;
  readonly message: string;
}

/** Thrown where a refused recurrence cannot be reported as data. */
export class RecurrenceLimitError extends Error {
  override readonly name = 'RecurrenceLimitError';
  readonly code = 'recurrence_limit_exceeded';
  readonly reason: RecurrenceLimitReason;
  constructor(problem: RecurrenceLimitProblem) {
    super(problem.message);
    this.reason = problem.reason;
  }
}

const BY_PARTS = [
  'BYSECOND',
  'BYMINUTE',
  'BYHOUR',
  'BYDAY',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYMONTH',
  'BYSETPOS',
] as const;

/** Longest day of each month, February in a leap year. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const listOf = (parts: ReadonlyMap<string, string>, key: string): string[] | null =>
  parts.get(key)?.split(',') ?? null;

/** Instances a rule can produce in one day, from its frequency and its time-of-day lists. */
function instancesPerDay(parts: ReadonlyMap<string, string>): number {
  const count = (key: string): number => listOf(parts, key)?.length ?? 1;
  const interval = Math.max(1, Number(parts.get('INTERVAL') ?? 1) || 1);
  const hours =
    parts.get('FREQ') === 'HOURLY' && !parts.has('BYHOUR')
      ? Math.ceil(24 / interval)
      : count('BYHOUR');
  return hours * count('BYMINUTE') * count('BYSECOND');
}

/** True when some month of `BYMONTH` has a day of `BYMONTHDAY` (Feb 30 never comes). */
function monthDaysMeet(parts: ReadonlyMap<string, string>): boolean {
  const days = listOf(parts, 'BYMONTHDAY')?.map(Number);
  if (!days) return true;
  const months = listOf(parts, 'BYMONTH')?.map(Number) ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  return months.some((month) => {
    const longest = MONTH_DAYS[month - 1] ?? 0;
    return days.some((day) => Math.abs(day) >= 1 && Math.abs(day) <= longest);
  });
}

/**
 * Why one RRULE/EXRULE body is refused, or null. Refused: `SECONDLY` and `MINUTELY`; more than
 * {@link RECURRENCE_LIMITS.maxInstancesPerDay} instances a day (`HOURLY` without BYHOUR at
 * INTERVAL=1 is the densest accepted); a BY* list longer than `maxByListValues`; BYWEEKNO outside
 * YEARLY and BYYEARDAY in DAILY/WEEKLY/MONTHLY (RFC 5545 §3.3.10); BYMONTH/BYMONTHDAY pairs that
 * name no real date (the rule iterator would search for one forever).
 *
 * @example
 * ruleLimitProblem('FREQ=MINUTELY')?.reason // 'rule_frequency_refused'
 */
export function ruleLimitProblem(body: string): RecurrenceLimitProblem | null {
  const parts = parseRuleParts(body);
  const freq = parts.get('FREQ') ?? '';
  if (freq === 'SECONDLY' || freq === 'MINUTELY') {
    return {
      reason: 'rule_frequency_refused',
      message: `FREQ=${freq} is refused: the densest accepted rule is FREQ=HOURLY`,
    };
  }
  for (const key of BY_PARTS) {
    const values = listOf(parts, key);
    if (values && values.length > RECURRENCE_LIMITS.maxByListValues) {
      return {
        reason: 'rule_list_too_long',
        message: `${key} lists ${values.length} values; at most ${RECURRENCE_LIMITS.maxByListValues} are accepted`,
      };
    }
  }
  const perDay = instancesPerDay(parts);
  if (perDay > RECURRENCE_LIMITS.maxInstancesPerDay) {
    return {
      reason: 'rule_too_dense',
      message: `the rule makes up to ${perDay} instances a day; at most ${RECURRENCE_LIMITS.maxInstancesPerDay} are accepted`,
    };
  }
  if (parts.has('BYWEEKNO') && freq !== 'YEARLY') {
    return {
      reason: 'rule_part_not_allowed',
      message: `BYWEEKNO is only allowed with FREQ=YEARLY (RFC 5545), not FREQ=${freq}`,
    };
  }
  if (parts.has('BYYEARDAY') && (freq === 'DAILY' || freq === 'WEEKLY' || freq === 'MONTHLY')) {
    return {
      reason: 'rule_part_not_allowed',
      message: `BYYEARDAY is not allowed with FREQ=${freq} (RFC 5545)`,
    };
  }
  if (!monthDaysMeet(parts)) {
    return {
      reason: 'rule_never_matches',
      message: 'BYMONTH and BYMONTHDAY name no real date: the rule has no instance',
    };
  }
  return null;
}

/**
 * Why a recurrence is refused, or null when it is within {@link RECURRENCE_LIMITS}. Broken lines
 * are not this function's business (see `splitRecurrence`); only size and rule shape are.
 *
 * @example
 * recurrenceLimitProblem(['RRULE:FREQ=DAILY', `EXDATE:${Array(1001).fill('20260101').join(',')}`])
 * // { reason: 'too_many_exdates', message: '1001 EXDATE values; at most 1000 are accepted' }
 */
export function recurrenceLimitProblem(lines: readonly string[]): RecurrenceLimitProblem | null {
  const parts = splitRecurrence(lines);
  if (parts.exdates.length > RECURRENCE_LIMITS.maxExdates) {
    return {
      reason: 'too_many_exdates',
      message: `${parts.exdates.length} EXDATE values; at most ${RECURRENCE_LIMITS.maxExdates} are accepted`,
    };
  }
  if (parts.rdates.length > RECURRENCE_LIMITS.maxRdates) {
    return {
      reason: 'too_many_rdates',
      message: `${parts.rdates.length} RDATE values; at most ${RECURRENCE_LIMITS.maxRdates} are accepted`,
    };
  }
  const rules = [...parts.rrules, ...parts.exrules];
  if (rules.length > RECURRENCE_LIMITS.maxRules) {
    return {
      reason: 'too_many_rules',
      message: `${rules.length} RRULE/EXRULE lines; at most ${RECURRENCE_LIMITS.maxRules} are accepted`,
    };
  }
  for (const body of rules) {
    const problem = ruleLimitProblem(body);
    if (problem) return problem;
  }
  return null;
}

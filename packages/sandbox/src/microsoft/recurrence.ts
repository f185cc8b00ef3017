import { GraphError } from './errors.js';

const MS_PER_DAY = 86_400_000;
const DAY_NAMES = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
const INDEXES = ['first', 'second', 'third', 'fourth', 'last'] as const;
const PATTERN_TYPES = [
  'daily',
  'weekly',
  'absoluteMonthly',
  'relativeMonthly',
  'absoluteYearly',
  'relativeYearly',
] as const;
const RANGE_TYPES = ['endDate', 'noEnd', 'numbered'] as const;

/** A weekday as Graph spells it. */
export type DayOfWeek = (typeof DAY_NAMES)[number];

/** Graph `recurrencePattern`. */
export interface RecurrencePattern {
  type: (typeof PATTERN_TYPES)[number];
  interval: number;
  month: number;
  dayOfMonth: number;
  daysOfWeek: DayOfWeek[];
  firstDayOfWeek: DayOfWeek;
  index: (typeof INDEXES)[number];
}

/** Graph `recurrenceRange`. */
export interface RecurrenceRange {
  type: (typeof RANGE_TYPES)[number];
  startDate: string;
  endDate: string;
  recurrenceTimeZone: string;
  numberOfOccurrences: number;
}

/** Graph `patternedRecurrence`. */
export interface PatternedRecurrence {
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}

/** Which pattern properties each type needs (beyond interval) and which it must not carry. */
const PATTERN_RULES: Record<
  RecurrencePattern['type'],
  { required: string[]; forbidden: string[] }
> = {
  daily: { required: [], forbidden: ['daysOfWeek', 'dayOfMonth', 'month', 'index'] },
  weekly: { required: ['daysOfWeek'], forbidden: ['dayOfMonth', 'month', 'index'] },
  absoluteMonthly: { required: ['dayOfMonth'], forbidden: ['daysOfWeek', 'month', 'index'] },
  relativeMonthly: { required: ['daysOfWeek'], forbidden: ['dayOfMonth', 'month'] },
  absoluteYearly: { required: ['dayOfMonth', 'month'], forbidden: ['daysOfWeek', 'index'] },
  relativeYearly: { required: ['daysOfWeek', 'month'], forbidden: ['dayOfMonth'] },
};

function invalid(message: string): GraphError {
  return new GraphError(400, 'ErrorInvalidRequest', `Invalid recurrence: ${message}`);
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value === 'first') return false;
  return true;
}

function parseDate(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw invalid(`${field} must be a date (YYYY-MM-DD).`);
  }
  return value;
}

/** Validates a client-supplied `patternedRecurrence` the way Graph does; throws 400 on anything off. */
export function validateRecurrence(input: unknown): PatternedRecurrence {
  if (typeof input !== 'object' || input === null) throw invalid('pattern and range are required.');
  const { pattern, range } = input as {
    pattern?: Record<string, unknown>;
    range?: Record<string, unknown>;
  };
  if (!pattern || !range) throw invalid('pattern and range are required.');
  const type = pattern.type as RecurrencePattern['type'];
  if (!PATTERN_TYPES.includes(type))
    throw invalid(`pattern.type '${String(pattern.type)}' is not supported.`);
  const rules = PATTERN_RULES[type];
  for (const name of rules.required) {
    if (!isSet(pattern[name])) throw invalid(`pattern.${name} is required for ${type}.`);
  }
  for (const name of rules.forbidden) {
    if (isSet(pattern[name])) throw invalid(`pattern.${name} is not allowed for ${type}.`);
  }
  const interval = pattern.interval ?? 1;
  if (
    typeof interval !== 'number' ||
    !Number.isInteger(interval) ||
    interval < 1 ||
    interval > 99
  ) {
    throw invalid('pattern.interval must be an integer from 1 to 99.');
  }
  const daysOfWeek = (pattern.daysOfWeek ?? []) as DayOfWeek[];
  if (!Array.isArray(daysOfWeek) || daysOfWeek.some((d) => !DAY_NAMES.includes(d))) {
    throw invalid('pattern.daysOfWeek holds an unknown day.');
  }
  const index = (pattern.index ?? 'first') as RecurrencePattern['index'];
  if (!INDEXES.includes(index)) throw invalid('pattern.index is not valid.');
  const firstDayOfWeek = (pattern.firstDayOfWeek ?? 'sunday') as DayOfWeek;
  if (!DAY_NAMES.includes(firstDayOfWeek)) throw invalid('pattern.firstDayOfWeek is not valid.');
  const dayOfMonth = Number(pattern.dayOfMonth ?? 0);
  const month = Number(pattern.month ?? 0);
  if (rules.required.includes('dayOfMonth') && (dayOfMonth < 1 || dayOfMonth > 31)) {
    throw invalid('pattern.dayOfMonth must be from 1 to 31.');
  }
  if (rules.required.includes('month') && (month < 1 || month > 12)) {
    throw invalid('pattern.month must be from 1 to 12.');
  }
  const rangeType = range.type as RecurrenceRange['type'];
  if (!RANGE_TYPES.includes(rangeType))
    throw invalid(`range.type '${String(range.type)}' is not supported.`);
  const startDate = parseDate(range.startDate, 'range.startDate');
  const endDate =
    rangeType === 'endDate' ? parseDate(range.endDate, 'range.endDate') : '0001-01-01';
  if (rangeType === 'endDate' && endDate < startDate)
    throw invalid('range.endDate is before range.startDate.');
  const numberOfOccurrences = Number(range.numberOfOccurrences ?? 0);
  if (
    rangeType === 'numbered' &&
    (!Number.isInteger(numberOfOccurrences) || numberOfOccurrences < 1)
  ) {
    throw invalid('range.numberOfOccurrences must be a positive integer.');
  }
  return {
    pattern: { type, interval, month, dayOfMonth, daysOfWeek, firstDayOfWeek, index },
    range: {
      type: rangeType,
      startDate,
      endDate,
      recurrenceTimeZone:
        typeof range.recurrenceTimeZone === 'string' ? range.recurrenceTimeZone : '',
      numberOfOccurrences: rangeType === 'numbered' ? numberOfOccurrences : 0,
    },
  };
}

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

function dateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function pickInMonth(year: number, monthIndex: number, pattern: RecurrencePattern): number[] {
  if (pattern.type === 'absoluteMonthly' || pattern.type === 'absoluteYearly') {
    const date = Date.UTC(year, monthIndex, pattern.dayOfMonth);
    // Graph clamps to the month's last day when the day does not exist (e.g. the 31st).
    const lastDay = Date.UTC(year, monthIndex + 1, 0);
    return [Math.min(date, lastDay) / MS_PER_DAY];
  }
  const wanted = new Set(pattern.daysOfWeek.map((d) => DAY_NAMES.indexOf(d)));
  const first = Date.UTC(year, monthIndex, 1) / MS_PER_DAY;
  const last = Date.UTC(year, monthIndex + 1, 0) / MS_PER_DAY;
  const matching: number[] = [];
  for (let day = first; day <= last; day++) if (wanted.has(weekday(day))) matching.push(day);
  const position = INDEXES.indexOf(pattern.index);
  const chosen = pattern.index === 'last' ? matching[matching.length - 1] : matching[position];
  return chosen === undefined ? [] : [chosen];
}

/**
 * Expands the recurrence into local occurrence dates (YYYY-MM-DD), in order, up to and including
 * `untilDate` and at most `maxCount` dates.
 */
export function expandRecurrenceDates(
  recurrence: PatternedRecurrence,
  untilDate: string,
  maxCount: number,
): string[] {
  const { pattern, range } = recurrence;
  const startDay = dayNumber(range.startDate);
  let lastDay = dayNumber(untilDate);
  if (range.type === 'endDate') lastDay = Math.min(lastDay, dayNumber(range.endDate));
  const limit =
    range.type === 'numbered' ? Math.min(maxCount, range.numberOfOccurrences) : maxCount;
  const dates: string[] = [];
  const push = (day: number): boolean => {
    if (day < startDay) return true;
    if (day > lastDay || dates.length >= limit) return false;
    dates.push(dateOf(day));
    return true;
  };
  const start = new Date(range.startDate);
  if (pattern.type === 'daily') {
    for (let day = startDay; push(day); day += pattern.interval);
  } else if (pattern.type === 'weekly') {
    const firstDow = DAY_NAMES.indexOf(pattern.firstDayOfWeek);
    const weekStart = startDay - ((weekday(startDay) - firstDow + 7) % 7);
    const offsets = pattern.daysOfWeek
      .map((d) => (DAY_NAMES.indexOf(d) - firstDow + 7) % 7)
      .sort((a, b) => a - b);
    outer: for (let week = weekStart; week <= lastDay; week += 7 * pattern.interval) {
      for (const offset of offsets) if (!push(week + offset)) break outer;
    }
  } else {
    const yearly = pattern.type.endsWith('Yearly');
    const stepMonths = yearly ? 12 * pattern.interval : pattern.interval;
    let monthIndex = yearly ? pattern.month - 1 : start.getUTCMonth();
    let year = start.getUTCFullYear();
    if (yearly && monthIndex < start.getUTCMonth()) year += 1;
    outer: for (;;) {
      const y = year + Math.floor(monthIndex / 12);
      if (Date.UTC(y, monthIndex % 12, 1) / MS_PER_DAY > lastDay) break;
      for (const day of pickInMonth(y, monthIndex % 12, pattern)) if (!push(day)) break outer;
      monthIndex += stepMonths;
    }
  }
  return dates;
}

import ICAL from 'ical.js';
import type { Recurrence } from '../model/event.js';
import type { EventTime, OriginalStart } from '../model/time.js';
import { formatRuleParts, parseRuleParts, splitRecurrence } from './lines.js';
import {
  type LocalDateTime,
  daysInMonth,
  formatDate,
  localToPseudoMs,
  parseLocal,
  pseudoMsToLocal,
} from './local.js';
import { excludedOriginalStarts } from './expand.js';
import { localToUTC, utcToLocal } from './zone.js';

/** Graph `dayOfWeek`. */
export type GraphDayOfWeek =
  'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';
/** Graph `weekIndex`. */
export type GraphWeekIndex = 'first' | 'second' | 'third' | 'fourth' | 'last';

/** Graph `patternedRecurrence` (only the fields each type uses are set). */
export interface GraphPatternedRecurrence {
  readonly pattern: {
    readonly type:
      | 'daily'
      | 'weekly'
      | 'absoluteMonthly'
      | 'relativeMonthly'
      | 'absoluteYearly'
      | 'relativeYearly';
    readonly interval: number;
    readonly daysOfWeek?: readonly GraphDayOfWeek[];
    readonly dayOfMonth?: number;
    readonly month?: number;
    readonly index?: GraphWeekIndex;
    readonly firstDayOfWeek?: GraphDayOfWeek;
  };
  readonly range: {
    readonly type: 'endDate' | 'noEnd' | 'numbered';
    readonly startDate: string;
    readonly endDate?: string;
    readonly numberOfOccurrences?: number;
    readonly recurrenceTimeZone?: string;
  };
}

/** Outcome of {@link recurrenceToGraph}. */
export type GraphRecurrenceConversion =
  | {
      readonly kind: 'pattern';
      readonly recurrence: GraphPatternedRecurrence;
      /** EXDATEs: Graph has no list, so the adapter deletes these occurrences after creating the series. */
      readonly cancelledOccurrences: readonly OriginalStart[];
    }
  | { readonly kind: 'not_representable'; readonly reasons: readonly string[] };

const DAY_CODES = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const GRAPH_DAYS: readonly GraphDayOfWeek[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];
const INDEXES: Readonly<Record<string, GraphWeekIndex>> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '-1': 'last',
};
const INDEX_NUMBERS: Readonly<Record<GraphWeekIndex, string>> = {
  first: '1',
  second: '2',
  third: '3',
  fourth: '4',
  last: '-1',
};
const SUPPORTED_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'COUNT',
  'UNTIL',
  'WKST',
]);

const dayFromCode = (code: string): GraphDayOfWeek | null => {
  const index = DAY_CODES.indexOf(code as (typeof DAY_CODES)[number]);
  return index < 0 ? null : GRAPH_DAYS[index]!;
};
const codeFromDay = (day: GraphDayOfWeek): string => DAY_CODES[GRAPH_DAYS.indexOf(day)]!;
const weekdayOf = (local: LocalDateTime): number => new Date(localToPseudoMs(local)).getUTCDay();

interface SeriesStart {
  readonly local: LocalDateTime;
  readonly zone: string | null;
  readonly allDay: boolean;
}

function seriesStart(time: EventTime): SeriesStart | null {
  if (time.kind === 'zoned') {
    return {
      local: utcToLocal(time.timeZone, Date.parse(time.startsAtUTC)),
      zone: time.timeZone,
      allDay: false,
    };
  }
  if (time.kind === 'all_day')
    return { local: parseLocal(time.startDate)!, zone: null, allDay: true };
  return null;
}

/**
 * Converts RFC 5545 recurrence to Graph's `patternedRecurrence`, or says why it cannot.
 * Refused (the caller falls back, see README "Recurrence fallbacks"): floating times, several
 * RRULEs, EXRULE, RDATE, HOURLY and finer, BYHOUR/BYMINUTE/BYYEARDAY/BYWEEKNO, several
 * months, BYSETPOS outside 1..4/-1, plain BYDAY in MONTHLY/YEARLY, a DTSTART the rule would
 * not produce, and days 29-31 of a month or Feb 29 (Outlook moves those to the month's last day
 * where RFC 5545 skips them — the series would silently change).
 *
 * @example
 * recurrenceToGraph({ lines: ['RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=6'] }, time)
 * // { kind: 'pattern', recurrence: { pattern: { type: 'relativeMonthly', index: 'last', daysOfWeek: ['friday'], … }, … } }
 */
export function recurrenceToGraph(
  recurrence: Recurrence,
  time: EventTime,
): GraphRecurrenceConversion {
  const start = seriesStart(time);
  if (!start) return refuse('floating times have no zone; pick one before writing to Graph');
  const parts = splitRecurrence(recurrence.lines);
  const reasons: string[] = [];
  if (parts.invalid.length > 0) reasons.push(`unparseable lines: ${parts.invalid.join(' | ')}`);
  if (parts.rrules.length !== 1)
    reasons.push(`${parts.rrules.length} RRULEs (Graph takes exactly one)`);
  if (parts.exrules.length > 0) reasons.push('EXRULE');
  if (parts.rdates.length > 0) reasons.push('RDATE');
  if (reasons.length > 0) return { kind: 'not_representable', reasons };
  const rule = parseRuleParts(parts.rrules[0]!);
  for (const key of rule.keys()) if (!SUPPORTED_PARTS.has(key)) reasons.push(key);
  if (reasons.length > 0)
    return { kind: 'not_representable', reasons: reasons.map((r) => `${r} is not supported`) };

  const pattern = patternFor(rule, start);
  if ('reason' in pattern) return refuse(pattern.reason);
  if (!ruleProducesStart(parts.rrules[0]!, start))
    return refuse('DTSTART is not an instance of the rule');
  const range = rangeFor(rule, start);
  if ('reason' in range) return refuse(range.reason);

  const cancelledOccurrences = excludedOriginalStarts(time, recurrence);
  return { kind: 'pattern', recurrence: { pattern, range }, cancelledOccurrences };
}

function refuse(reason: string): GraphRecurrenceConversion {
  return { kind: 'not_representable', reasons: [reason] };
}

type Pattern = GraphPatternedRecurrence['pattern'];

function patternFor(rule: Map<string, string>, start: SeriesStart): Pattern | { reason: string } {
  const freq = rule.get('FREQ');
  const interval = Number(rule.get('INTERVAL') ?? '1');
  if (!Number.isInteger(interval) || interval < 1) return { reason: 'bad INTERVAL' };
  const byDay = rule.get('BYDAY')?.split(',') ?? null;
  const byMonthDay = rule.get('BYMONTHDAY')?.split(',') ?? null;
  const byMonth = rule.get('BYMONTH')?.split(',') ?? null;
  const bySetPos = rule.get('BYSETPOS')?.split(',') ?? null;
  const firstDayOfWeek = dayFromCode(rule.get('WKST') ?? 'MO') ?? 'monday';
  const plainDays = (list: string[]): GraphDayOfWeek[] | null => {
    const days = list.map((code) => (/^[A-Z]{2}$/.test(code) ? dayFromCode(code) : null));
    return days.every((d): d is GraphDayOfWeek => d !== null) ? days : null;
  };
  const ordinalDay = (list: string[]): { index: GraphWeekIndex; day: GraphDayOfWeek } | null => {
    if (list.length !== 1) return null;
    const match = /^([+-]?\d)([A-Z]{2})$/.exec(list[0]!);
    const index = match ? INDEXES[String(Number(match[1]))] : undefined;
    const day = match ? dayFromCode(match[2]!) : null;
    return index && day ? { index, day } : null;
  };
  const relative = ():
    { index: GraphWeekIndex; daysOfWeek: GraphDayOfWeek[] } | { reason: string } => {
    if (!byDay) return { reason: 'no BYDAY' };
    if (bySetPos) {
      const days = plainDays(byDay);
      const index = bySetPos.length === 1 ? INDEXES[String(Number(bySetPos[0]))] : undefined;
      return days && index
        ? { index, daysOfWeek: days }
        : { reason: 'BYSETPOS Graph cannot express' };
    }
    const single = ordinalDay(byDay);
    return single
      ? { index: single.index, daysOfWeek: [single.day] }
      : { reason: 'BYDAY Graph cannot express' };
  };
  switch (freq) {
    case 'DAILY':
      if (byMonthDay || byMonth || bySetPos)
        return { reason: 'DAILY with BYMONTHDAY/BYMONTH/BYSETPOS' };
      if (!byDay) return { type: 'daily', interval };
      if (interval !== 1) return { reason: 'DAILY;INTERVAL>1 with BYDAY' };
      return plainDays(byDay)
        ? { type: 'weekly', interval: 1, daysOfWeek: plainDays(byDay)!, firstDayOfWeek }
        : { reason: 'BYDAY with ordinals in DAILY' };
    case 'WEEKLY': {
      if (byMonthDay || byMonth || bySetPos)
        return { reason: 'WEEKLY with BYMONTHDAY/BYMONTH/BYSETPOS' };
      const days = byDay ? plainDays(byDay) : [GRAPH_DAYS[weekdayOf(start.local)]!];
      return days
        ? { type: 'weekly', interval, daysOfWeek: days, firstDayOfWeek }
        : { reason: 'BYDAY with ordinals in WEEKLY' };
    }
    case 'MONTHLY': {
      if (byMonth) return { reason: 'MONTHLY with BYMONTH' };
      if (byDay) {
        if (byMonthDay) return { reason: 'BYDAY and BYMONTHDAY together' };
        const rel = relative();
        return 'reason' in rel ? rel : { type: 'relativeMonthly', interval, ...rel };
      }
      if (bySetPos) return { reason: 'BYSETPOS without BYDAY' };
      const day = byMonthDay ? singleDay(byMonthDay) : start.local.day;
      if (day === null) return { reason: 'BYMONTHDAY list or negative day' };
      if (day > 28)
        return {
          reason: `day ${day} of the month: Outlook moves it to the last day of short months`,
        };
      return { type: 'absoluteMonthly', interval, dayOfMonth: day };
    }
    case 'YEARLY': {
      const month = byMonth
        ? byMonth.length === 1
          ? Number(byMonth[0])
          : null
        : start.local.month;
      if (month === null || !(month >= 1 && month <= 12))
        return { reason: 'several BYMONTH values' };
      if (byDay) {
        if (byMonthDay) return { reason: 'BYDAY and BYMONTHDAY together' };
        if (!byMonth) return { reason: 'YEARLY BYDAY without BYMONTH' };
        const rel = relative();
        return 'reason' in rel ? rel : { type: 'relativeYearly', interval, month, ...rel };
      }
      if (bySetPos) return { reason: 'BYSETPOS without BYDAY' };
      const day = byMonthDay ? singleDay(byMonthDay) : start.local.day;
      if (day === null) return { reason: 'BYMONTHDAY list or negative day' };
      if (month === 2 && day === 29)
        return { reason: 'Feb 29: Outlook moves it to Feb 28 in common years' };
      if (day > daysInMonth(2001, month)) return { reason: 'day beyond the month' };
      return { type: 'absoluteYearly', interval, month, dayOfMonth: day };
    }
    default:
      return { reason: `FREQ=${freq ?? '?'}` };
  }
}

function singleDay(list: string[]): number | null {
  if (list.length !== 1) return null;
  const day = Number(list[0]);
  return Number.isInteger(day) && day >= 1 && day <= 31 ? day : null;
}

/** Graph starts the series on the first pattern match from `startDate`, so DTSTART must be one. */
function ruleProducesStart(body: string, start: SeriesStart): boolean {
  const parts = parseRuleParts(body);
  parts.delete('COUNT');
  parts.delete('UNTIL');
  const dtstart = ICAL.Time.fromData({ ...start.local, isDate: start.allDay });
  const first = ICAL.Recur.fromString(formatRuleParts(parts)).iterator(dtstart).next();
  return !!first && first.compare(dtstart) === 0;
}

type Range = GraphPatternedRecurrence['range'];

function rangeFor(rule: Map<string, string>, start: SeriesStart): Range | { reason: string } {
  const base = {
    startDate: formatDate(start.local),
    ...(start.zone ? { recurrenceTimeZone: start.zone } : {}),
  };
  const count = rule.get('COUNT');
  const until = rule.get('UNTIL');
  if (count) {
    const n = Number(count);
    return Number.isInteger(n) && n > 0
      ? { type: 'numbered', numberOfOccurrences: n, ...base }
      : { reason: 'bad COUNT' };
  }
  if (!until) return { type: 'noEnd', ...base };
  const local = untilLocal(until, start);
  if (!local) return { reason: 'bad UNTIL' };
  // Graph's endDate includes every instance on that date; step back a day when UNTIL cuts
  // the series before the instance time on its own date.
  const startOfDay = { ...start.local, year: local.year, month: local.month, day: local.day };
  const endMs =
    localToPseudoMs(local) < localToPseudoMs(startOfDay)
      ? localToPseudoMs(local) - 86_400_000
      : localToPseudoMs(local);
  return { type: 'endDate', endDate: formatDate(pseudoMsToLocal(endMs)), ...base };
}

function untilLocal(until: string, start: SeriesStart): LocalDateTime | null {
  const utc = /^(\d{8}T\d{6})Z$/.exec(until);
  if (utc) {
    const asUTC = parseLocal(utc[1]!);
    if (!asUTC) return null;
    return start.zone ? utcToLocal(start.zone, localToPseudoMs(asUTC)) : asUTC;
  }
  const local = parseLocal(until);
  if (!local) return null;
  return /^\d{8}$/.test(until) ? { ...local, hour: 23, minute: 59, second: 59 } : local;
}

/**
 * Converts Graph's `patternedRecurrence` to RRULE lines for a series starting at `time`.
 * `endDate` becomes an inclusive UNTIL at the end of that day in the recurrence zone (a DATE
 * UNTIL for all-day series).
 *
 * @example
 * recurrenceFromGraph({ pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday'], firstDayOfWeek: 'sunday' },
 *   range: { type: 'numbered', startDate: '2026-03-02', numberOfOccurrences: 5 } }, time)
 * // { lines: ['RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;WKST=SU;COUNT=5'] }
 */
export function recurrenceFromGraph(graph: GraphPatternedRecurrence, time: EventTime): Recurrence {
  const { pattern, range } = graph;
  const parts = new Map<string, string>();
  const frequency = {
    daily: 'DAILY',
    weekly: 'WEEKLY',
    absoluteMonthly: 'MONTHLY',
    relativeMonthly: 'MONTHLY',
    absoluteYearly: 'YEARLY',
    relativeYearly: 'YEARLY',
  } as const;
  parts.set('FREQ', frequency[pattern.type]);
  if (pattern.interval > 1) parts.set('INTERVAL', String(pattern.interval));
  const days = (pattern.daysOfWeek ?? []).map(codeFromDay);
  switch (pattern.type) {
    case 'daily':
      break;
    case 'weekly':
      parts.set('BYDAY', days.join(','));
      if (pattern.firstDayOfWeek && pattern.firstDayOfWeek !== 'monday')
        parts.set('WKST', codeFromDay(pattern.firstDayOfWeek));
      break;
    case 'absoluteMonthly':
      parts.set('BYMONTHDAY', String(pattern.dayOfMonth));
      break;
    case 'absoluteYearly':
      parts.set('BYMONTH', String(pattern.month));
      parts.set('BYMONTHDAY', String(pattern.dayOfMonth));
      break;
    case 'relativeMonthly':
    case 'relativeYearly': {
      if (pattern.type === 'relativeYearly') parts.set('BYMONTH', String(pattern.month));
      const index = INDEX_NUMBERS[pattern.index ?? 'first'];
      if (days.length === 1) parts.set('BYDAY', `${index}${days[0]}`);
      else {
        parts.set('BYDAY', days.join(','));
        parts.set('BYSETPOS', index);
      }
      break;
    }
  }
  if (range.type === 'numbered') parts.set('COUNT', String(range.numberOfOccurrences));
  if (range.type === 'endDate' && range.endDate)
    parts.set('UNTIL', graphUntil(range.endDate, time, range.recurrenceTimeZone));
  return { lines: [`RRULE:${formatRuleParts(parts)}`] };
}

function graphUntil(endDate: string, time: EventTime, rangeZone: string | undefined): string {
  const compact = endDate.replaceAll('-', '');
  if (time.kind === 'all_day') return compact;
  const local = { ...parseLocal(endDate)!, hour: 23, minute: 59, second: 59 };
  if (time.kind === 'floating') return `${compact}T235959`;
  const zone = time.timeZone ?? rangeZone;
  return `${new Date(localToUTC(zone, local)).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

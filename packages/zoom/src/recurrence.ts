import { utcToLocal } from '@calsync/core';

/**
 * Zoom's `recurrence` object of a recurring meeting with a fixed time (type 8). Days are
 * Zoom's numbers: 1 = Sunday … 7 = Saturday; weeks 1–4, or -1 for the last.
 */
export interface ZoomRecurrenceBody {
  /** 1 daily, 2 weekly, 3 monthly. */
  readonly type: 1 | 2 | 3;
  readonly repeat_interval: number;
  /** Weekly: the days, comma-separated (`"2,4"` = Monday and Wednesday). */
  readonly weekly_days?: string;
  /** Monthly by date: the day of the month. */
  readonly monthly_day?: number;
  /** Monthly by weekday: which week … */
  readonly monthly_week?: -1 | 1 | 2 | 3 | 4;
  /** … and which day of it. */
  readonly monthly_week_day?: number;
  /** How many occurrences (at most {@link ZOOM_RECURRENCE_LIMITS.maxEndTimes}). */
  readonly end_times?: number;
  /** Or the last possible start, UTC `yyyy-MM-ddTHH:mm:ssZ`. */
  readonly end_date_time?: string;
}

/** What an appointment's recurrence becomes at Zoom. */
export type ZoomRecurrencePlan =
  | { readonly type: 8; readonly recurrence: ZoomRecurrenceBody }
  /** Recurring without a fixed time: one link valid for every occurrence. */
  | { readonly type: 3; readonly reasons: readonly string[] };

/** Zoom's bounds on a fixed-time recurrence. */
export const ZOOM_RECURRENCE_LIMITS = {
  maxDailyInterval: 99,
  maxWeeklyInterval: 50,
  maxMonthlyInterval: 10,
  maxEndTimes: 60,
} as const;

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
/** Rule parts the mapping understands; any other part makes the rule inexpressible. */
const KNOWN_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTHDAY',
  'BYSETPOS',
  'WKST',
]);

function zoomDay(code: string): number | null {
  const index = WEEKDAYS.indexOf(code as (typeof WEEKDAYS)[number]);
  return index < 0 ? null : index + 1;
}

/**
 * RFC 5545 UNTIL as Zoom's UTC `end_date_time`: a UTC time as is, a date as the end of that
 * day in UTC; a floating time is refused (null).
 */
function untilAsZoom(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h = '23', mi = '59', s = '59', z] = m;
  if (m[4] !== undefined && z !== 'Z') return null;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
}

/**
 * Maps an appointment's recurrence (RRULE lines as stored) to Zoom: a type 8 meeting with
 * `recurrence` when Zoom can say the same (daily, weekly on days, monthly on a date or on the
 * n-th / last weekday; an interval within Zoom's bounds; ending after a count of at most 60 or
 * at a date), otherwise type 3 — recurring with no fixed time, one link for every occurrence —
 * with the reasons. Rules without an end, EXDATE/RDATE, several rules and other parts
 * (BYMONTH, BYHOUR…) are type 3. The start's weekday and day of month fill in what the rule
 * leaves to DTSTART.
 *
 * @example
 * zoomRecurrenceOf(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6'], '2026-03-09T13:00:00Z', 'America/New_York')
 * // { type: 8, recurrence: { type: 2, repeat_interval: 1, weekly_days: '2,4', end_times: 6 } }
 */
export function zoomRecurrenceOf(
  lines: readonly string[],
  startsAtUTC: string,
  timeZone: string,
): ZoomRecurrencePlan {
  const fallback = (reason: string): ZoomRecurrencePlan => ({ type: 3, reasons: [reason] });
  const rules = lines.filter((line) => line.toUpperCase().startsWith('RRULE:'));
  if (rules.length !== 1 || lines.length !== 1) {
    return fallback(
      rules.length === 1 ? 'EXDATE/RDATE lines' : `${rules.length} rules, Zoom takes one`,
    );
  }
  const parts = new Map<string, string>();
  for (const part of rules[0]!.slice('RRULE:'.length).split(';')) {
    const [key, value] = part.split('=');
    if (!key || value === undefined) return fallback(`unreadable part ${part}`);
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  for (const key of parts.keys()) if (!KNOWN_PARTS.has(key)) return fallback(`${key} not in Zoom`);
  const interval = Number(parts.get('INTERVAL') ?? '1');
  if (!Number.isInteger(interval) || interval < 1) return fallback('invalid INTERVAL');

  let end: Pick<ZoomRecurrenceBody, 'end_times' | 'end_date_time'>;
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  if (count !== undefined) {
    const times = Number(count);
    if (!Number.isInteger(times) || times < 1) return fallback('invalid COUNT');
    if (times > ZOOM_RECURRENCE_LIMITS.maxEndTimes) return fallback(`COUNT ${times} above 60`);
    end = { end_times: times };
  } else if (until !== undefined) {
    const at = untilAsZoom(until);
    if (at === null) return fallback('UNTIL without a UTC time');
    end = { end_date_time: at };
  } else {
    return fallback('no end: Zoom recurrences end after a count or a date');
  }

  const local = utcToLocal(timeZone, Date.parse(startsAtUTC));
  const startDay = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 1;
  const byDay = parts.get('BYDAY');
  const setPos = parts.get('BYSETPOS');
  switch (parts.get('FREQ')) {
    case 'DAILY':
      if (byDay || parts.has('BYMONTHDAY') || setPos) return fallback('daily rule with BY parts');
      if (interval > ZOOM_RECURRENCE_LIMITS.maxDailyInterval) return fallback('interval above 99');
      return { type: 8, recurrence: { type: 1, repeat_interval: interval, ...end } };
    case 'WEEKLY': {
      if (parts.has('BYMONTHDAY') || setPos) return fallback('weekly rule with monthly parts');
      if (interval > ZOOM_RECURRENCE_LIMITS.maxWeeklyInterval) return fallback('interval above 50');
      const days = byDay ? byDay.split(',').map(zoomDay) : [startDay];
      if (days.some((d) => d === null)) return fallback('weekly BYDAY with ordinals');
      const weekly = [...new Set(days as number[])].sort((a, b) => a - b).join(',');
      return {
        type: 8,
        recurrence: { type: 2, repeat_interval: interval, weekly_days: weekly, ...end },
      };
    }
    case 'MONTHLY': {
      if (interval > ZOOM_RECURRENCE_LIMITS.maxMonthlyInterval) {
        return fallback('interval above 10');
      }
      const monthly = { type: 3 as const, repeat_interval: interval, ...end };
      const monthDay = parts.get('BYMONTHDAY');
      if (monthDay !== undefined) {
        const day = Number(monthDay);
        if (byDay || setPos || !Number.isInteger(day) || day < 1 || day > 31) {
          return fallback('BYMONTHDAY Zoom cannot express');
        }
        return { type: 8, recurrence: { ...monthly, monthly_day: day } };
      }
      if (byDay === undefined) {
        if (setPos) return fallback('BYSETPOS without BYDAY');
        return { type: 8, recurrence: { ...monthly, monthly_day: local.day } };
      }
      const m = /^([+-]?\d)?(SU|MO|TU|WE|TH|FR|SA)$/.exec(byDay);
      const ordinal = Number(m?.[1] ?? setPos ?? 'NaN');
      if (!m || (m[1] !== undefined && setPos !== undefined)) {
        return fallback('monthly BYDAY Zoom cannot express');
      }
      if (ordinal !== -1 && !(ordinal >= 1 && ordinal <= 4)) {
        return fallback('week of the month other than 1–4 or last');
      }
      return {
        type: 8,
        recurrence: {
          ...monthly,
          monthly_week: ordinal as -1 | 1 | 2 | 3 | 4,
          monthly_week_day: zoomDay(m[2]!)!,
        },
      };
    }
    default:
      return fallback(`FREQ=${parts.get('FREQ') ?? '?'} not in Zoom`);
  }
}

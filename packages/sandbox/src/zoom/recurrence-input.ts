import type { ZoomFieldError } from './errors.js';
import type { ZoomRecurrence } from './types.js';

const MAX_INTERVAL = { 1: 99, 2: 50, 3: 10 } as const;
const MAX_END_TIMES = 60;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function whole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Checks a type 8 `recurrence` the way Zoom does: daily / weekly / monthly, `repeat_interval`
 * within 99 / 50 / 10, weekly days 1–7 (Sunday = 1), a month day 1–31 or a week (-1, 1–4) with
 * a weekday, and an end after 1–60 times or at a UTC time (not both). Pushes field errors;
 * returns the recurrence when it is valid.
 */
export function parseRecurrence(
  raw: unknown,
  errors: ZoomFieldError[],
): ZoomRecurrence | undefined {
  const fail = (field: string, message: string): undefined => {
    errors.push({ field: `recurrence.${field}`, message });
    return undefined;
  };
  if (!isObject(raw)) return fail('type', 'Invalid recurrence.');
  const type = raw.type;
  if (type !== 1 && type !== 2 && type !== 3) return fail('type', 'Invalid recurrence type.');
  const interval = raw.repeat_interval ?? 1;
  if (!whole(interval, 1, MAX_INTERVAL[type])) {
    return fail('repeat_interval', `repeat_interval must be 1 to ${MAX_INTERVAL[type]}.`);
  }
  const recurrence: ZoomRecurrence = { type, repeat_interval: interval };
  if (type === 2) {
    const days = typeof raw.weekly_days === 'string' ? raw.weekly_days.split(',') : ['1'];
    if (!days.every((d) => /^[1-7]$/.test(d.trim()))) {
      return fail('weekly_days', 'weekly_days must be days 1 to 7 separated by commas.');
    }
    recurrence.weekly_days = days.map((d) => d.trim()).join(',');
  }
  if (type === 3) {
    if (raw.monthly_day !== undefined) {
      if (!whole(raw.monthly_day, 1, 31))
        return fail('monthly_day', 'monthly_day must be 1 to 31.');
      recurrence.monthly_day = raw.monthly_day;
    } else if (raw.monthly_week !== undefined || raw.monthly_week_day !== undefined) {
      const week = raw.monthly_week;
      if (!whole(week, -1, 4) || week === 0) {
        return fail('monthly_week', 'monthly_week must be -1, 1, 2, 3 or 4.');
      }
      if (!whole(raw.monthly_week_day, 1, 7)) {
        return fail('monthly_week_day', 'monthly_week_day must be 1 to 7.');
      }
      recurrence.monthly_week = week;
      recurrence.monthly_week_day = raw.monthly_week_day;
    } else {
      recurrence.monthly_day = 1;
    }
  }
  if (raw.end_times !== undefined && raw.end_date_time !== undefined) {
    return fail('end_times', 'end_times and end_date_time cannot be used together.');
  }
  if (raw.end_date_time !== undefined) {
    const text = raw.end_date_time;
    if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(text)) {
      return fail('end_date_time', 'end_date_time must be yyyy-MM-ddTHH:mm:ssZ.');
    }
    recurrence.end_date_time = text;
  } else {
    const times = raw.end_times ?? 1;
    if (!whole(times, 1, MAX_END_TIMES)) {
      return fail('end_times', `end_times must be 1 to ${MAX_END_TIMES}.`);
    }
    recurrence.end_times = times;
  }
  return recurrence;
}

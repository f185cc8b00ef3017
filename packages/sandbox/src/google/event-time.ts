import {
  formatDateOnly,
  formatInZone,
  hasOffset,
  instantOfWallTime,
  parseDateOnlyMs,
  parseWallTime,
} from '../shared/zoned-time.js';
import type { EventDateTime } from './types.js';

/** An EventDateTime pinned to an instant. */
export interface ResolvedTime {
  allDay: boolean;
  /** The instant (all-day dates: midnight in the calendar's zone). */
  ms: number;
  /** All-day: the date's midnight UTC, for date arithmetic. */
  dateMs?: number;
}

/** Resolves an EventDateTime; undefined when it is malformed. */
export function resolveTime(
  value: EventDateTime,
  calendarTimeZone: string,
): ResolvedTime | undefined {
  if (value.date !== undefined) {
    const dateMs = parseDateOnlyMs(value.date);
    if (dateMs === undefined) return undefined;
    const day = new Date(dateMs);
    const ms = instantOfWallTime(
      {
        year: day.getUTCFullYear(),
        month: day.getUTCMonth() + 1,
        day: day.getUTCDate(),
        hour: 0,
        minute: 0,
        second: 0,
      },
      calendarTimeZone,
    );
    return { allDay: true, ms, dateMs };
  }
  if (value.dateTime === undefined) return undefined;
  if (hasOffset(value.dateTime)) {
    const ms = Date.parse(value.dateTime);
    return Number.isNaN(ms) ? undefined : { allDay: false, ms };
  }
  const wall = parseWallTime(value.dateTime);
  if (wall === undefined) return undefined;
  return { allDay: false, ms: instantOfWallTime(wall, value.timeZone ?? calendarTimeZone) };
}

/** The EventDateTime Google answers for an instant in a zone. */
export function timedValue(ms: number, timeZone: string | undefined): EventDateTime {
  return timeZone === undefined
    ? { dateTime: formatInZone(ms, 'UTC') }
    : { dateTime: formatInZone(ms, timeZone), timeZone };
}

/** An all-day EventDateTime. */
export function dateValue(dateMs: number): EventDateTime {
  return { date: formatDateOnly(dateMs) };
}

/** `YYYYMMDDTHHMMSSZ` (timed) or `YYYYMMDD` (all-day), the suffix of instance ids. */
export function instanceIdSuffix(time: ResolvedTime): string {
  if (time.allDay) return formatDateOnly(time.dateMs ?? time.ms).replaceAll('-', '');
  return new Date(time.ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

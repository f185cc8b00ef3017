/**
 * Wall-clock date-times without a zone, and the arithmetic recurrence needs on them.
 * All arithmetic goes through `Date.UTC`, treating the wall-clock as if it were UTC.
 */

/** A wall-clock reading. `month` is 1-12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The wall-clock as milliseconds of a pseudo-UTC timeline (handy for ordering and arithmetic). */
export function localToPseudoMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/** Inverse of {@link localToPseudoMs}. */
export function pseudoMsToLocal(ms: number): LocalDateTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * `YYYY-MM-DDTHH:MM:SS`.
 *
 * @example
 * formatLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 30, second: 0 }) // '2026-03-08T02:30:00'
 */
export function formatLocal(local: LocalDateTime): string {
  return `${formatDate(local)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`;
}

/** `YYYY-MM-DD` of a wall-clock reading. */
export function formatDate(local: Pick<LocalDateTime, 'year' | 'month' | 'day'>): string {
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
}

/** Parses `YYYY-MM-DD[THH:MM[:SS]]` (also the iCalendar basic forms `YYYYMMDD[THHMMSS]`). */
export function parseLocal(value: string): LocalDateTime | null {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2}))?(?:\.\d+)?)?$/.exec(
    value.trim(),
  );
  if (!match) return null;
  const local = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4] ?? 0),
    minute: Number(match[5] ?? 0),
    second: Number(match[6] ?? 0),
  };
  return isValidLocal(local) ? local : null;
}

/** True when the fields name a real calendar date and time (no Feb 30, no 25:00). */
export function isValidLocal(local: LocalDateTime): boolean {
  if (local.month < 1 || local.month > 12 || local.day < 1) return false;
  if (local.hour > 23 || local.minute > 59 || local.second > 60) return false;
  return local.day <= daysInMonth(local.year, local.month);
}

/** Days in a month (1-12) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Calendar arithmetic in an IANA time zone, with `Intl` only (no date library). */

/** A wall-clock date and time in some zone. */
export interface WallTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * The wall-clock time of an instant in `timeZone`.
 *
 * @example
 * wallTimeAt(new Date('2026-03-02T09:30:00Z'), 'Europe/Berlin') // { year: 2026, month: 3, day: 2, hour: 10, minute: 30 }
 */
export function wallTimeAt(instant: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, Number(p.value)]),
  );
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
  };
}

/** Milliseconds `timeZone` is ahead of UTC at `instant`. */
function offsetMsAt(instant: Date, timeZone: string): number {
  const wall = wallTimeAt(instant, timeZone);
  const asUTC = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  return asUTC - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/**
 * The instant a wall-clock time in `timeZone` names. In a spring-forward gap it answers the
 * instant after the gap; in a fall-back overlap, the earlier of the two.
 *
 * @example
 * instantOf({ year: 2026, month: 3, day: 2, hour: 10, minute: 30 }, 'Europe/Berlin') // 2026-03-02T09:30:00Z
 */
export function instantOf(wall: WallTime, timeZone: string): Date {
  const asUTC = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const candidates = [-1, 1].map((side) => {
    const guess = new Date(asUTC + side * 12 * 3_600_000);
    return asUTC - offsetMsAt(guess, timeZone);
  });
  const matching = candidates
    .filter((ms) => {
      const back = wallTimeAt(new Date(ms), timeZone);
      return back.hour === wall.hour && back.minute === wall.minute && back.day === wall.day;
    })
    .sort((a, b) => a - b);
  return new Date(matching[0] ?? Math.max(...candidates));
}

/**
 * Adds whole days to a calendar date (no time zone involved).
 *
 * @example
 * addDays({ year: 2026, month: 2, day: 27 }, 3) // { year: 2026, month: 3, day: 2 }
 */
export function addDays(
  date: Pick<WallTime, 'year' | 'month' | 'day'>,
  days: number,
): { year: number; month: number; day: number } {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayMondayFirst(date: Pick<WallTime, 'year' | 'month' | 'day'>): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

/**
 * The Monday of the week that contains `instant`, as seen in `timeZone`.
 *
 * @example
 * mondayOfWeek(new Date('2026-03-04T12:00:00Z'), 'UTC') // { year: 2026, month: 3, day: 2 }
 */
export function mondayOfWeek(
  instant: Date,
  timeZone: string,
): { year: number; month: number; day: number } {
  const today = wallTimeAt(instant, timeZone);
  return addDays(today, -weekdayMondayFirst(today));
}

/** `2026-03-02` for a calendar date. */
export function isoDate(date: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** Parses `2026-03-02`; undefined when it is not a real date. */
export function parseIsoDate(
  value: string,
): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isoDate(addDays(date, 0)) === value ? date : undefined;
}

/** Whether `timeZone` is an IANA zone this browser knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** `timeZone`'s name in `locale` at `instant`, as `Intl` words it in `style`. */
function zoneNameAt(
  timeZone: string,
  locale: string | undefined,
  instant: Date,
  style: 'long' | 'longGeneric',
): string | undefined {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value;
  } catch {
    return undefined;
  }
}

/**
 * A zone's name for people, in the page's language, for the span from `from` to `to`: its long
 * name ("Mitteleuropäische Normalzeit", "Eastern Standard Time"), or, when the span crosses a
 * daylight-saving change, its generic name ("Mitteleuropäische Zeit"). The IANA id only if `Intl`
 * has no name for it.
 *
 * @example
 * timeZoneDisplayName('Europe/Berlin', 'de', new Date('2026-03-02T12:00:00Z'))
 * // 'Mitteleuropäische Normalzeit'
 */
export function timeZoneDisplayName(
  timeZone: string,
  locale: string | undefined,
  from: Date,
  to: Date = from,
): string {
  const atStart = zoneNameAt(timeZone, locale, from, 'long');
  if (atStart && atStart === zoneNameAt(timeZone, locale, to, 'long')) return atStart;
  return zoneNameAt(timeZone, locale, from, 'longGeneric') ?? atStart ?? timeZone;
}

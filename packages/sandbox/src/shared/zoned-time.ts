/** A wall-clock reading, month 1–12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when Node's Intl knows the IANA zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time in `timeZone` at an instant. */
export function wallTimeAt(instantMs: number, timeZone: string): WallTime {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

function wallAsUTCms(wall: WallTime): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds. */
export function offsetMsAt(instantMs: number, timeZone: string): number {
  const flooredMs = Math.floor(instantMs / 1000) * 1000;
  return wallAsUTCms(wallTimeAt(flooredMs, timeZone)) - flooredMs;
}

/**
 * The instant a wall time names in `timeZone`. An ambiguous time (clocks going back) is its first
 * occurrence; a time in a gap (clocks going forward) uses the offset before the gap, as RFC 5545
 * §3.3.5 says, so 02:30 in a 02:00→03:00 gap becomes 03:30.
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): number {
  const localMs = wallAsUTCms(wall);
  const before = offsetMsAt(localMs - DAY_MS, timeZone);
  const after = offsetMsAt(localMs + DAY_MS, timeZone);
  const valid = [before, after].filter(
    (offset) => offsetMsAt(localMs - offset, timeZone) === offset,
  );
  if (valid.length > 0) return localMs - Math.max(...valid);
  return localMs - before;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYY-MM-DDTHH:MM:SS±HH:MM` of an instant, in `timeZone`. */
export function formatInZone(instantMs: number, timeZone: string): string {
  const wall = wallTimeAt(instantMs, timeZone);
  const offsetMinutes = Math.round(offsetMsAt(instantMs, timeZone) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset =
    offsetMinutes === 0 && timeZone === 'UTC'
      ? 'Z'
      : `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${offset}`;
}

/** Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]` (no offset) into a wall time. */
export function parseWallTime(text: string): WallTime | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((v) => Number(v ?? 0));
  return {
    year: year ?? 0,
    month: month ?? 0,
    day: day ?? 0,
    hour: hour ?? 0,
    minute: minute ?? 0,
    second: second ?? 0,
  };
}

/** True when an RFC 3339 date-time carries an explicit offset. */
export function hasOffset(text: string): boolean {
  return /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text);
}

/** Parses a `YYYY-MM-DD` date as midnight UTC. */
export function parseDateOnlyMs(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(ms) ? undefined : ms;
}

/** `YYYY-MM-DD` of a midnight-UTC instant. */
export function formatDateOnly(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

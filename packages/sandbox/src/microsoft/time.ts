import { GraphError } from './errors.js';
import { WINDOWS_TO_IANA } from './windows-zones.js';

const MS_PER_DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A Graph `dateTimeTimeZone` value. */
export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

/** Returns the IANA zone for a Windows or IANA name, or undefined when the name is unknown. */
export function toIANAZone(name: string): string | undefined {
  const trimmed = name.trim().replace(/^"|"$/g, '');
  const mapped = WINDOWS_TO_IANA[trimmed];
  if (mapped) return mapped;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: trimmed });
    return trimmed;
  } catch {
    return undefined;
  }
}

/** Like {@link toIANAZone} but throws Graph's error for an unknown zone. */
export function requireIANAZone(name: string): string {
  const zone = toIANAZone(name);
  if (!zone) {
    throw new GraphError(
      400,
      'TimeZoneNotSupportedException',
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name}'.`,
    );
  }
  return zone;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset of `zone` from UTC at `instantMs`, in milliseconds (east positive). */
export function zoneOffsetMs(zone: string, instantMs: number): number {
  const wholeSecondMs = Math.floor(instantMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(wholeSecondMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUTC = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUTC - wholeSecondMs;
}

/**
 * Converts a wall-clock time (milliseconds as if the wall clock were UTC) in `zone` to an instant.
 * Nonexistent times use the offset before the gap, ambiguous times the first occurrence (RFC 5545 §3.3.5).
 */
export function wallToInstantMs(wallMs: number, zone: string): number {
  const offsetBeforeMs = zoneOffsetMs(zone, wallMs - MS_PER_DAY);
  const offsetAfterMs = zoneOffsetMs(zone, wallMs + MS_PER_DAY);
  const candidates = [wallMs - offsetBeforeMs, wallMs - offsetAfterMs].filter(
    (instantMs) => zoneOffsetMs(zone, instantMs) === wallMs - instantMs,
  );
  if (candidates.length === 0) return wallMs - offsetBeforeMs;
  return Math.min(...candidates);
}

/** Converts an instant to the wall clock of `zone` (milliseconds as if the wall clock were UTC). */
export function instantToWallMs(instantMs: number, zone: string): number {
  return instantMs + zoneOffsetMs(zone, instantMs);
}

const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Parses a Graph `dateTimeTimeZone` into an instant; a `Z` or offset in `dateTime` wins over `timeZone`. */
export function parseDateTimeTimeZone(
  value: unknown,
  field: string,
): { instantMs: number; zone: string } {
  if (typeof value !== 'object' || value === null) {
    throw new GraphError(400, 'ErrorInvalidRequest', `${field} must be a dateTimeTimeZone.`);
  }
  const { dateTime, timeZone } = value as Partial<DateTimeTimeZone>;
  if (typeof dateTime !== 'string') {
    throw new GraphError(400, 'ErrorInvalidRequest', `${field}.dateTime is required.`);
  }
  const zoneName = typeof timeZone === 'string' && timeZone !== '' ? timeZone : 'UTC';
  const zone = requireIANAZone(zoneName);
  return { instantMs: parseLocalDateTime(dateTime, zone, field), zone: zoneName };
}

/** Parses `YYYY-MM-DDTHH:mm:ss[.fffffff][Z|±hh:mm]` interpreted in `zone` when it has no offset. */
export function parseLocalDateTime(dateTime: string, zone: string, field: string): number {
  const match = DATE_TIME_PATTERN.exec(dateTime.trim());
  if (!match) {
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      `${field} '${dateTime}' is not a valid date-time.`,
    );
  }
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const fractionMs = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const wallMs =
    Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h ?? 0),
      Number(mi ?? 0),
      Number(s ?? 0),
    ) + fractionMs;
  if (offset === 'Z') return wallMs;
  if (offset) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const [oh, om] = offset.slice(1).split(':').map(Number);
    return wallMs - sign * ((oh ?? 0) * 3_600_000 + (om ?? 0) * 60_000);
  }
  return wallToInstantMs(wallMs, zone);
}

/** Formats an instant as Graph does: wall clock in `zone`, no offset, 7 fractional digits. */
export function formatGraphDateTime(instantMs: number, zone: string): string {
  const wall = new Date(instantToWallMs(instantMs, zone)).toISOString();
  const ms = wall.slice(20, 23);
  return `${wall.slice(0, 19)}.${ms}0000`;
}

/** Renders a `dateTimeTimeZone` in the zone of the response (`zoneName` is echoed as given). */
export function toDateTimeTimeZone(instantMs: number, zoneName: string): DateTimeTimeZone {
  return {
    dateTime: formatGraphDateTime(instantMs, toIANAZone(zoneName) ?? 'UTC'),
    timeZone: zoneName,
  };
}

/** True when the instant is midnight on the wall clock of `zone`. */
export function isMidnightIn(instantMs: number, zone: string): boolean {
  return instantToWallMs(instantMs, zone) % MS_PER_DAY === 0;
}

/** UTC ISO timestamp with 7 fractional digits and `Z`, the shape of Graph's `*DateTime` properties. */
export function formatUTCTimestamp(instantMs: number): string {
  return `${formatGraphDateTime(instantMs, 'UTC')}Z`;
}

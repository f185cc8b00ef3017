import type { EventTime, OriginalStart } from '@calsync/core';
import { formatLocal, localToUTC, parseLocal, resolveZoneName, utcToLocal } from '@calsync/core';
import type { GraphDateTimeTimeZone } from './graph-types.js';

/**
 * Time strategy: every read asks for `Prefer: outlook.timezone="UTC"`, so `start`/`end` are UTC
 * wall-clock readings; the zone the event was written in comes from `originalStartTimeZone`
 * (a Windows or IANA name, mapped to IANA through core). Writes send the wall-clock time in the
 * event's IANA zone, which Graph accepts, so recurrence expands in the right zone across DST.
 * All-day events are dates: Graph keeps them at midnight and we read the date part only.
 */

/** The zone used when Graph names one we cannot map (legacy `tzone://Microsoft/Custom`). */
export const FALLBACK_ZONE = 'UTC';

/** Reads a Graph `dateTimeTimeZone` as an instant (ms); `null` when malformed. */
export function instantFromGraph(value: GraphDateTimeTimeZone | undefined): number | null {
  if (!value || typeof value.dateTime !== 'string') return null;
  const trimmed = value.dateTime.trim();
  if (/(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? null : ms;
  }
  const local = parseLocal(trimmed);
  if (!local) return null;
  const zone = resolveZoneName(value.timeZone || 'UTC');
  if (!zone) return null;
  return localToUTC(zone, local);
}

/** The IANA zone for a Graph zone name, or the fallback. */
export function zoneFromGraph(name: string | null | undefined): string {
  if (!name) return FALLBACK_ZONE;
  return resolveZoneName(name) ?? FALLBACK_ZONE;
}

/**
 * Canonical time from a Graph event's `start`, `end`, `isAllDay` and `originalStartTimeZone`.
 * Returns `null` when the pair is malformed (the caller reports the item).
 *
 * @example
 * eventTimeFromGraph({ dateTime: '2026-03-10T14:00:00.0000000', timeZone: 'UTC' },
 *   { dateTime: '2026-03-10T15:00:00.0000000', timeZone: 'UTC' }, false, 'Eastern Standard Time')
 * // { kind: 'zoned', startsAtUTC: '2026-03-10T14:00:00.000Z', …, timeZone: 'America/New_York' }
 */
export function eventTimeFromGraph(
  start: GraphDateTimeTimeZone | undefined,
  end: GraphDateTimeTimeZone | undefined,
  isAllDay: boolean,
  originalZone: string | null | undefined,
): EventTime | null {
  if (isAllDay) {
    const startDate = start?.dateTime?.slice(0, 10) ?? '';
    const endDate = end?.dateTime?.slice(0, 10) ?? '';
    if (!parseLocal(startDate) || !parseLocal(endDate) || endDate <= startDate) return null;
    return { kind: 'all_day', startDate, endDate };
  }
  const startMs = instantFromGraph(start);
  const endMs = instantFromGraph(end);
  if (startMs === null || endMs === null || endMs < startMs) return null;
  return {
    kind: 'zoned',
    startsAtUTC: new Date(startMs).toISOString(),
    endsAtUTC: new Date(endMs).toISOString(),
    timeZone: zoneFromGraph(originalZone),
  };
}

/** Graph's `start`, `end` and `isAllDay` for a canonical time. Floating times are written in UTC. */
export function eventTimeToGraph(time: EventTime): {
  start: GraphDateTimeTimeZone;
  end: GraphDateTimeTimeZone;
  isAllDay: boolean;
} {
  switch (time.kind) {
    case 'all_day':
      return {
        start: { dateTime: `${time.startDate}T00:00:00`, timeZone: 'UTC' },
        end: { dateTime: `${time.endDate}T00:00:00`, timeZone: 'UTC' },
        isAllDay: true,
      };
    case 'zoned':
      return {
        start: wallClockIn(time.timeZone, Date.parse(time.startsAtUTC)),
        end: wallClockIn(time.timeZone, Date.parse(time.endsAtUTC)),
        isAllDay: false,
      };
    case 'floating':
      // Graph has no floating times (capabilities say so); the wall clock is kept, read as UTC.
      return {
        start: { dateTime: time.startsAtLocal, timeZone: 'UTC' },
        end: { dateTime: time.endsAtLocal, timeZone: 'UTC' },
        isAllDay: false,
      };
  }
}

function wallClockIn(zone: string, utcMs: number): GraphDateTimeTimeZone {
  return { dateTime: formatLocal(utcToLocal(zone, utcMs)), timeZone: zone };
}

/**
 * The original start of an occurrence or exception. Graph gives `originalStart` in UTC; for
 * all-day series the slot is a date.
 */
export function originalStartFromGraph(
  originalStart: string | null | undefined,
  allDaySeries: boolean,
): OriginalStart | null {
  if (!originalStart) return null;
  const ms = Date.parse(
    /(Z|[+-]\d{2}:\d{2})$/.test(originalStart) ? originalStart : `${originalStart}Z`,
  );
  if (Number.isNaN(ms)) return null;
  if (allDaySeries) return { kind: 'date', date: new Date(ms).toISOString().slice(0, 10) };
  return { kind: 'instant', atUTC: new Date(ms).toISOString() };
}

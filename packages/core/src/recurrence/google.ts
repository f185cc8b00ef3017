import type { Recurrence } from '../model/event.js';
import type { EventTime, OriginalStart } from '../model/time.js';
import { formatRuleParts, parseContentLine, parseRuleParts } from './lines.js';
import { parseLocal } from './local.js';
import { resolveZoneName } from './zone-names.js';
import { localToUTC, utcToLocal, zoneOffsetMinutes } from './zone.js';

/** Google `EventDateTime`. */
export interface GoogleEventDateTime {
  readonly date?: string;
  readonly dateTime?: string;
  readonly timeZone?: string;
}

const RECURRENCE_NAMES = new Set(['RRULE', 'EXRULE', 'RDATE', 'EXDATE']);

/**
 * Recurrence lines for Google's `recurrence` array: DTSTART/DTEND lines dropped (Google rejects
 * them), and a local UNTIL on a zoned series rewritten to UTC as RFC 5545 requires.
 *
 * @example
 * recurrenceToGoogle({ lines: ['RRULE:FREQ=DAILY;UNTIL=20260310T090000'] }, berlinTime)
 * // ['RRULE:FREQ=DAILY;UNTIL=20260310T080000Z']
 */
export function recurrenceToGoogle(recurrence: Recurrence, time: EventTime): string[] {
  const lines: string[] = [];
  for (const line of recurrence.lines) {
    const parsed = parseContentLine(line.trim());
    if (!parsed || !RECURRENCE_NAMES.has(parsed.name)) continue;
    if (parsed.name !== 'RRULE' || time.kind !== 'zoned') {
      lines.push(line.trim());
      continue;
    }
    const parts = parseRuleParts(parsed.value);
    const until = parts.get('UNTIL');
    const local = until && /^\d{8}T\d{6}$/.test(until) ? parseLocal(until) : null;
    if (local) {
      const utc = new Date(localToUTC(time.timeZone, local)).toISOString();
      parts.set('UNTIL', `${utc.replace(/[-:]/g, '').slice(0, 15)}Z`);
    }
    lines.push(`RRULE:${formatRuleParts(parts)}`);
  }
  return lines;
}

/** Keeps the RRULE/EXRULE/RDATE/EXDATE lines of a Google `recurrence` array. */
export function recurrenceFromGoogle(
  lines: readonly string[] | null | undefined,
): Recurrence | null {
  const kept = (lines ?? []).filter((line) => {
    const parsed = parseContentLine(line.trim());
    return parsed !== null && RECURRENCE_NAMES.has(parsed.name);
  });
  return kept.length > 0 ? { lines: kept } : null;
}

function offsetSuffix(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * An instant as RFC 3339 with the zone's offset (what Google shows back), e.g.
 * `2026-03-09T09:00:00-04:00`.
 */
export function formatInstantInZone(utcMs: number, zone: string): string {
  const local = utcToLocal(zone, utcMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${local.year}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}${offsetSuffix(zoneOffsetMinutes(zone, utcMs))}`;
}

/**
 * Google `start`/`end` for an event time. Floating times need a zone (Google has no floating
 * concept): pass the calendar's zone as `floatingZone`; the choice should be recorded.
 *
 * @example
 * eventTimeToGoogle({ kind: 'all_day', startDate: '2026-03-03', endDate: '2026-03-04' }, 'UTC')
 * // { start: { date: '2026-03-03' }, end: { date: '2026-03-04' } }
 */
export function eventTimeToGoogle(
  time: EventTime,
  floatingZone: string,
): { start: GoogleEventDateTime; end: GoogleEventDateTime } {
  switch (time.kind) {
    case 'all_day':
      return { start: { date: time.startDate }, end: { date: time.endDate } };
    case 'zoned':
      return {
        start: {
          dateTime: formatInstantInZone(Date.parse(time.startsAtUTC), time.timeZone),
          timeZone: time.timeZone,
        },
        end: {
          dateTime: formatInstantInZone(Date.parse(time.endsAtUTC), time.timeZone),
          timeZone: time.timeZone,
        },
      };
    case 'floating': {
      const start = localToUTC(floatingZone, parseLocal(time.startsAtLocal)!);
      const end = localToUTC(floatingZone, parseLocal(time.endsAtLocal)!);
      return eventTimeToGoogle(
        {
          kind: 'zoned',
          startsAtUTC: new Date(start).toISOString(),
          endsAtUTC: new Date(end).toISOString(),
          timeZone: floatingZone,
        },
        floatingZone,
      );
    }
  }
}

/**
 * Canonical time from Google `start`/`end`. A `dateTime` without `timeZone` is anchored in the
 * calendar's zone. Returns `null` when the pair is malformed (the adapter reports the item).
 */
export function eventTimeFromGoogle(
  start: GoogleEventDateTime,
  end: GoogleEventDateTime,
  calendarZone: string,
): EventTime | null {
  if (start.date) {
    const endDate = end.date ?? start.date;
    if (!parseLocal(start.date) || !parseLocal(endDate)) return null;
    return {
      kind: 'all_day',
      startDate: start.date,
      endDate: endDate > start.date ? endDate : start.date,
    };
  }
  if (!start.dateTime) return null;
  const startMs = Date.parse(start.dateTime);
  const endMs = Date.parse(end.dateTime ?? start.dateTime);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) return null;
  const zone = (start.timeZone && resolveZoneName(start.timeZone)) || calendarZone;
  return {
    kind: 'zoned',
    startsAtUTC: new Date(startMs).toISOString(),
    endsAtUTC: new Date(Math.max(startMs, endMs)).toISOString(),
    timeZone: zone,
  };
}

/** Google `originalStartTime` for an instance slot. */
export function originalStartToGoogle(
  originalStart: OriginalStart,
  zone: string,
): GoogleEventDateTime {
  switch (originalStart.kind) {
    case 'date':
      return { date: originalStart.date };
    case 'instant':
      return {
        dateTime: formatInstantInZone(Date.parse(originalStart.atUTC), zone),
        timeZone: zone,
      };
    case 'floating':
      return {
        dateTime: formatInstantInZone(localToUTC(zone, parseLocal(originalStart.atLocal)!), zone),
        timeZone: zone,
      };
  }
}

/** The slot of a Google instance from its `originalStartTime`. */
export function originalStartFromGoogle(value: GoogleEventDateTime): OriginalStart | null {
  if (value.date) return parseLocal(value.date) ? { kind: 'date', date: value.date } : null;
  if (!value.dateTime) return null;
  const ms = Date.parse(value.dateTime);
  return Number.isNaN(ms) ? null : { kind: 'instant', atUTC: new Date(ms).toISOString() };
}

import ICAL from 'ical.js';
import { instantOfWallTime, isValidTimeZone, wallTimeAt } from '../shared/zoned-time.js';
import type { WallTime } from '../shared/zoned-time.js';
import { instanceIdSuffix, resolveTime } from './event-time.js';
import type { ResolvedTime } from './event-time.js';
import type { EventDateTime } from './types.js';

/** One generated occurrence of a series. */
export interface Occurrence {
  start: ResolvedTime;
  /** Instance id suffix (`_20260105T090000Z` without the underscore). */
  idSuffix: string;
}

/** What recurrence expansion needs of a master. */
export interface SeriesDefinition {
  start: EventDateTime;
  recurrence: string[];
}

/** Window and cap of one expansion. */
export interface ExpansionWindow {
  /** Occurrences starting at or after this instant are not generated. */
  untilMs: number;
  maxCount: number;
}

const DAY_MS = 86_400_000;

/** Parses and checks recurrence lines; returns a message for the first bad line. */
export function recurrenceProblem(lines: string[]): string | undefined {
  for (const line of lines) {
    const name = line.split(/[:;]/, 1)[0]?.toUpperCase() ?? '';
    if (!['RRULE', 'EXRULE', 'RDATE', 'EXDATE'].includes(name))
      return `Invalid recurrence rule: ${line}`;
    if (name === 'RRULE') {
      try {
        const recur = ICAL.Recur.fromString(line.slice(line.indexOf(':') + 1));
        if (!recur.freq) return `Invalid recurrence rule: ${line}`;
      } catch {
        return `Invalid recurrence rule: ${line}`;
      }
    }
  }
  return undefined;
}

function toICALTime(wall: WallTime, isDate: boolean): ICAL.Time {
  return ICAL.Time.fromData({ ...wall, isDate });
}

function wallOf(time: ICAL.Time): WallTime {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.hour,
    minute: time.minute,
    second: time.second,
  };
}

/** Instants (timed) or midnight-UTC dates (all-day) listed by RDATE / EXDATE lines. */
function listedTimes(
  lines: string[],
  name: 'RDATE' | 'EXDATE',
  zone: string,
  allDay: boolean,
): number[] {
  const out: number[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const head = line.slice(0, colon).toUpperCase();
    if (!head.startsWith(name)) continue;
    const tzid = /;TZID=([^;:]+)/i.exec(line.slice(0, colon))?.[1];
    const lineZone = tzid !== undefined && isValidTimeZone(tzid) ? tzid : zone;
    for (const value of line.slice(colon + 1).split(',')) {
      const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value.trim());
      if (match === null) continue;
      const [year, month, day, hour, minute, second] = match.slice(1, 7).map((v) => Number(v ?? 0));
      const wall: WallTime = {
        year: year ?? 0,
        month: month ?? 0,
        day: day ?? 0,
        hour: hour ?? 0,
        minute: minute ?? 0,
        second: second ?? 0,
      };
      if (allDay) out.push(Date.UTC(wall.year, wall.month - 1, wall.day));
      else if (match[7] === 'Z')
        out.push(
          Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second),
        );
      else out.push(instantOfWallTime(wall, lineZone));
    }
  }
  return out;
}

/**
 * Expands a series in its own zone's wall clock (so 09:00 stays 09:00 across DST), with ical.js
 * iterating the RRULE on floating times and Intl pinning each to an instant. A UTC UNTIL is moved
 * into the same wall clock first, since ical.js would otherwise compare it against floating times.
 */
export function expandSeries(
  series: SeriesDefinition,
  calendarTimeZone: string,
  window: ExpansionWindow,
): Occurrence[] {
  const first = resolveTime(series.start, calendarTimeZone);
  if (first === undefined) return [];
  const allDay = first.allDay;
  const zone = series.start.timeZone ?? calendarTimeZone;
  const startWall = allDay
    ? wallTimeAt(first.dateMs ?? first.ms, 'UTC')
    : wallTimeAt(first.ms, zone);
  const dtstart = toICALTime(startWall, allDay);
  const excluded = new Set(listedTimes(series.recurrence, 'EXDATE', zone, allDay));
  const keys = new Set<number>();
  const starts: ResolvedTime[] = [];
  const push = (time: ResolvedTime): void => {
    const key = allDay ? (time.dateMs ?? time.ms) : time.ms;
    if (keys.has(key) || excluded.has(key)) return;
    keys.add(key);
    starts.push(time);
  };
  const resolveWall = (wall: WallTime): ResolvedTime => {
    if (!allDay) return { allDay: false, ms: instantOfWallTime(wall, zone) };
    const dateMs = Date.UTC(wall.year, wall.month - 1, wall.day);
    return {
      allDay: true,
      dateMs,
      ms: instantOfWallTime({ ...wall, hour: 0, minute: 0, second: 0 }, calendarTimeZone),
    };
  };

  const rrules = series.recurrence.filter((line) => /^RRULE[:;]/i.test(line));
  if (rrules.length === 0) push(resolveWall(startWall));
  for (const line of rrules) {
    const recur = ICAL.Recur.fromString(line.slice(line.indexOf(':') + 1));
    if (recur.until !== null && !recur.until.isDate && !allDay && /UNTIL=[^;]*Z/i.test(line)) {
      const untilMs = recur.until.toUnixTime() * 1000;
      recur.until = toICALTime(wallTimeAt(untilMs, zone), false);
    }
    const iterator = recur.iterator(dtstart);
    for (let next = iterator.next(); next; next = iterator.next()) {
      const time = resolveWall(wallOf(next));
      if (time.ms >= window.untilMs || starts.length >= window.maxCount * 2) break;
      push(time);
    }
  }
  for (const listed of listedTimes(series.recurrence, 'RDATE', zone, allDay)) {
    const time: ResolvedTime = allDay
      ? { allDay: true, dateMs: listed, ms: resolveWall(wallTimeAt(listed, 'UTC')).ms }
      : { allDay: false, ms: listed };
    if (time.ms < window.untilMs) push(time);
  }
  starts.sort((a, b) => a.ms - b.ms);
  return starts
    .slice(0, window.maxCount)
    .map((start) => ({ start, idSuffix: instanceIdSuffix(start) }));
}

/** Whole days between two all-day dates. */
export function daysBetween(fromDateMs: number, toDateMs: number): number {
  return Math.round((toDateMs - fromDateMs) / DAY_MS);
}

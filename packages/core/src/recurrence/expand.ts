import ICAL from 'ical.js';
import type { EventStatus, Recurrence } from '../model/event.js';
import type { EventTime, InstantRange, OriginalStart } from '../model/time.js';
import { originalStartKey } from '../model/time.js';
import { RECURRENCE_LIMITS, RecurrenceLimitError, ruleLimitProblem } from './limits.js';
import { type RecurrenceValue, formatRuleParts, parseRuleParts, splitRecurrence } from './lines.js';
import {
  type LocalDateTime,
  daysBetween,
  daysInMonth,
  formatDate,
  formatLocal,
  localToPseudoMs,
  parseLocal,
  pseudoMsToLocal,
} from './local.js';
import { resolveZoneName } from './zone-names.js';
import { localToUTC, utcToLocal } from './zone.js';

/** One modified or cancelled instance, keyed by its original start. */
export interface SeriesOverride {
  readonly originalStart: OriginalStart;
  readonly time: EventTime;
  readonly status: EventStatus;
}

/** Input of {@link expandSeries}. */
export interface ExpandRequest {
  /** The series' first instance (DTSTART/DTEND). */
  readonly time: EventTime;
  readonly recurrence: Recurrence;
  /** Instances overlapping `[startsAtUTC, endsAtUTC)` are returned. */
  readonly window: InstantRange;
  readonly overrides?: readonly SeriesOverride[];
  /** Safety cap on generated instances (default 50,000). */
  readonly maxInstances?: number;
}

/** One instance of a series. */
export interface Occurrence {
  readonly originalStart: OriginalStart;
  readonly time: EventTime;
  readonly overridden: boolean;
}

/** Instances plus what could not be understood. */
export interface ExpandResult {
  readonly occurrences: readonly Occurrence[];
  /** Recurrence lines that were ignored because they are broken or refused by the rule limits. */
  readonly invalidLines: readonly string[];
  /** True when `maxInstances` stopped the expansion early. */
  readonly truncated: boolean;
}

const DAY_MS = 86_400_000;

/** How the series anchors its wall-clock: a zone, whole dates, or floating. */
interface Anchor {
  readonly kind: EventTime['kind'];
  readonly zone: string | null;
  readonly start: LocalDateTime;
  /** Exact duration for timed series (RFC 5545: DTEND gives an exact duration), days for all-day. */
  readonly durationMs: number;
  readonly durationDays: number;
}

function anchorOf(time: EventTime): Anchor {
  switch (time.kind) {
    case 'zoned': {
      const startMs = Date.parse(time.startsAtUTC);
      return {
        kind: 'zoned',
        zone: time.timeZone,
        start: utcToLocal(time.timeZone, startMs),
        durationMs: Date.parse(time.endsAtUTC) - startMs,
        durationDays: 0,
      };
    }
    case 'all_day':
      return {
        kind: 'all_day',
        zone: null,
        start: parseLocal(time.startDate)!,
        durationMs: 0,
        durationDays: Math.max(1, daysBetween(time.startDate, time.endDate)),
      };
    case 'floating': {
      const start = parseLocal(time.startsAtLocal)!;
      return {
        kind: 'floating',
        zone: null,
        start,
        durationMs: localToPseudoMs(parseLocal(time.endsAtLocal)!) - localToPseudoMs(start),
        durationDays: 0,
      };
    }
  }
}

/** The ordering key of an instance: UTC ms for zoned series, wall-clock pseudo-ms otherwise. */
function keyOf(anchor: Anchor, local: LocalDateTime): number {
  return anchor.zone ? localToUTC(anchor.zone, local) : localToPseudoMs(local);
}

/** Converts an RDATE/EXDATE/UNTIL value onto the series' key line. */
function valueKey(anchor: Anchor, value: RecurrenceValue): number {
  switch (value.kind) {
    case 'utc':
      return anchor.zone ? value.utcMs : localToPseudoMs(pseudoMsToLocal(value.utcMs));
    case 'local': {
      const zone = (value.tzid && resolveZoneName(value.tzid)) ?? anchor.zone;
      return zone && anchor.zone ? localToUTC(zone, value.local) : localToPseudoMs(value.local);
    }
    case 'date': {
      const local =
        anchor.kind === 'all_day' ? value.local : { ...anchor.start, ...dateOnly(value.local) };
      return keyOf(anchor, local);
    }
  }
}

function dateOnly(local: LocalDateTime): Pick<LocalDateTime, 'year' | 'month' | 'day'> {
  return { year: local.year, month: local.month, day: local.day };
}

/**
 * Normalises a rule body for ical.js and returns the limits we enforce ourselves:
 * UNTIL and COUNT are applied here (UNTIL must be compared as an instant in the series' zone,
 * and DTSTART counts as the first instance even when the rule does not produce it), and a bare
 * YEARLY/MONTHLY rule gets its implicit BYMONTH/BYMONTHDAY spelled out so invalid dates
 * (Feb 29 in common years, the 31st in short months) are skipped as RFC 5545 requires.
 */
function prepareRule(body: string, anchor: Anchor) {
  const parts = parseRuleParts(body);
  const until = parts.get('UNTIL') ?? null;
  const count = parts.has('COUNT') ? Number(parts.get('COUNT')) : null;
  parts.delete('UNTIL');
  parts.delete('COUNT');
  const freq = parts.get('FREQ');
  const hasBy = (...keys: string[]): boolean => keys.some((key) => parts.has(key));
  if (freq === 'YEARLY' && !hasBy('BYMONTH', 'BYWEEKNO', 'BYYEARDAY', 'BYMONTHDAY', 'BYDAY')) {
    parts.set('BYMONTH', String(anchor.start.month));
    parts.set('BYMONTHDAY', String(anchor.start.day));
  } else if (freq === 'MONTHLY' && !hasBy('BYMONTHDAY', 'BYDAY', 'BYYEARDAY', 'BYWEEKNO')) {
    parts.set('BYMONTHDAY', String(anchor.start.day));
  }
  const byMonthDay = parts.get('BYMONTHDAY')?.split(',').map(Number) ?? null;
  const byMonth = parts.get('BYMONTH')?.split(',').map(Number) ?? null;
  const recur = ICAL.Recur.fromString(formatRuleParts(parts));
  return {
    recur,
    until,
    count: count !== null && Number.isFinite(count) ? count : null,
    byMonthDay,
    byMonth,
  };
}

/** ical.js rolls impossible dates (Feb 30) into the next month; such instances are dropped. */
function satisfiesDateParts(
  local: LocalDateTime,
  byMonthDay: number[] | null,
  byMonth: number[] | null,
): boolean {
  if (byMonth && !byMonth.includes(local.month)) return false;
  if (byMonthDay) {
    const dim = daysInMonth(local.year, local.month);
    if (!byMonthDay.some((d) => (d > 0 ? d === local.day : dim + 1 + d === local.day)))
      return false;
  }
  return true;
}

function untilKey(anchor: Anchor, until: string): number | null {
  const value = parseUntil(until);
  if (!value) return null;
  if (value.kind === 'date') {
    // A DATE UNTIL includes the whole day.
    const endOfDay = { ...dateOnly(value.local), hour: 23, minute: 59, second: 59 };
    return anchor.kind === 'all_day' ? localToPseudoMs(value.local) : keyOf(anchor, endOfDay);
  }
  if (anchor.kind === 'all_day') {
    const local = value.kind === 'utc' ? pseudoMsToLocal(value.utcMs) : value.local;
    return localToPseudoMs({ ...dateOnly(local), hour: 0, minute: 0, second: 0 });
  }
  // A local UTC-less UNTIL on a zoned series is read in the series' zone (lenient, RFC says UTC).
  return valueKey(anchor, value);
}

function parseUntil(until: string): RecurrenceValue | null {
  const trimmed = until.trim();
  if (/^\d{8}$/.test(trimmed)) return { kind: 'date', local: parseLocal(trimmed)! };
  const utc = /^(\d{8}T\d{6})Z$/.exec(trimmed);
  if (utc) {
    const local = parseLocal(utc[1]!);
    return local ? { kind: 'utc', utcMs: localToPseudoMs(local) } : null;
  }
  const local = parseLocal(trimmed);
  return local ? { kind: 'local', local, tzid: null } : null;
}

function toICALTime(anchor: Anchor): ICAL.Time {
  const { start } = anchor;
  return ICAL.Time.fromData({
    year: start.year,
    month: start.month,
    day: start.day,
    hour: start.hour,
    minute: start.minute,
    second: start.second,
    isDate: anchor.kind === 'all_day',
  });
}

function fromICALTime(time: ICAL.Time): LocalDateTime {
  return {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.hour,
    minute: time.minute,
    second: time.second,
  };
}

/** Generates the instances of one RRULE/EXRULE body up to `limitPseudo` (wall-clock). */
function generateRule(
  body: string,
  anchor: Anchor,
  limitPseudo: number,
  maxInstances: number,
): { keys: Map<number, LocalDateTime>; truncated: boolean } {
  const refused = ruleLimitProblem(body);
  if (refused) throw new RecurrenceLimitError(refused);
  const { recur, until, count, byMonthDay, byMonth } = prepareRule(body, anchor);
  const untilLimit = until ? untilKey(anchor, until) : null;
  const keys = new Map<number, LocalDateTime>();
  const startKey = keyOf(anchor, anchor.start);
  keys.set(startKey, anchor.start); // DTSTART is always the first instance
  const iterator = recur.iterator(toICALTime(anchor));
  let guard = 0;
  const maxSteps = Math.min(maxInstances * 4, RECURRENCE_LIMITS.maxRuleIterations);
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (count !== null && keys.size >= count) break;
    const local = fromICALTime(next);
    if (localToPseudoMs(local) > limitPseudo) break;
    if (++guard > maxSteps) return { keys, truncated: true };
    if (!satisfiesDateParts(local, byMonthDay, byMonth)) continue;
    const key = keyOf(anchor, local);
    if (untilLimit !== null && key > untilLimit) break;
    keys.set(key, local);
    if (keys.size >= maxInstances) return { keys, truncated: true };
  }
  if (count !== null && count < 1) keys.clear();
  return { keys, truncated: false };
}

/**
 * Expands a recurring series in a window, in its own zone: wall-clock times are preserved across
 * DST changes, times in a spring-forward gap move forward and repeated times take their first
 * occurrence (RFC 5545 §3.3.5), UNTIL is inclusive and compared as an instant, COUNT counts
 * DTSTART, invalid dates are skipped, EXDATEs match by instant, overrides replace their slot.
 *
 * @example
 * expandSeries({
 *   time: { kind: 'zoned', startsAtUTC: '2026-03-02T14:00:00.000Z', endsAtUTC: '2026-03-02T15:00:00.000Z', timeZone: 'America/New_York' },
 *   recurrence: { lines: ['RRULE:FREQ=WEEKLY;COUNT=3'] },
 *   window: { startsAtUTC: '2026-03-01T00:00:00Z', endsAtUTC: '2026-04-01T00:00:00Z' },
 * }).occurrences.map((o) => o.time)
 * // 09:00 New York each Monday: 14:00Z, then 13:00Z on Mar 9 and 16 (after the DST change)
 */
export function expandSeries(request: ExpandRequest): ExpandResult {
  const anchor = anchorOf(request.time);
  const maxInstances = request.maxInstances ?? 50_000;
  const parts = splitRecurrence(request.recurrence.lines);
  const invalidLines = [...parts.invalid];
  const windowStart = Date.parse(request.window.startsAtUTC);
  const windowEnd = Date.parse(request.window.endsAtUTC);
  const limitPseudo =
    (anchor.zone ? localToPseudoMs(utcToLocal(anchor.zone, windowEnd)) : windowEnd) + 2 * DAY_MS;

  let truncated = false;
  const instances = new Map<number, LocalDateTime>();
  instances.set(keyOf(anchor, anchor.start), anchor.start);
  for (const body of parts.rrules) {
    try {
      const generated = generateRule(body, anchor, limitPseudo, maxInstances);
      truncated ||= generated.truncated;
      for (const [key, local] of generated.keys) instances.set(key, local);
    } catch {
      invalidLines.push(`RRULE:${body}`);
    }
  }
  for (const value of parts.rdates) instances.set(valueKey(anchor, value), localOf(anchor, value));
  for (const body of parts.exrules) {
    try {
      for (const key of generateRule(body, anchor, limitPseudo, maxInstances).keys.keys())
        instances.delete(key);
    } catch {
      invalidLines.push(`EXRULE:${body}`);
    }
  }
  for (const value of parts.exdates) instances.delete(valueKey(anchor, value));

  const overrides = new Map(
    (request.overrides ?? []).map((o) => [originalStartKey(o.originalStart), o]),
  );
  const occurrences: Occurrence[] = [];
  const seen = new Set<string>();
  for (const [key, local] of [...instances.entries()].sort((a, b) => a[0] - b[0])) {
    const originalStart = originalStartOf(anchor, key, local);
    const slot = originalStartKey(originalStart);
    seen.add(slot);
    const override = overrides.get(slot);
    if (override?.status === 'cancelled') continue;
    const time = override ? override.time : instanceTime(anchor, key, local);
    if (overlaps(time, windowStart, windowEnd))
      occurrences.push({ originalStart, time, overridden: !!override });
  }
  // Overrides whose original slot lies beyond the generated range may still be moved into the window.
  for (const [slot, override] of overrides) {
    if (seen.has(slot) || override.status === 'cancelled') continue;
    if (
      originalBeyond(override.originalStart, limitPseudo, anchor) &&
      overlaps(override.time, windowStart, windowEnd)
    ) {
      occurrences.push({
        originalStart: override.originalStart,
        time: override.time,
        overridden: true,
      });
    }
  }
  occurrences.sort((a, b) => startMs(a.time) - startMs(b.time));
  return { occurrences, invalidLines, truncated };
}

function localOf(anchor: Anchor, value: RecurrenceValue): LocalDateTime {
  switch (value.kind) {
    case 'utc':
      return anchor.zone ? utcToLocal(anchor.zone, value.utcMs) : pseudoMsToLocal(value.utcMs);
    case 'local': {
      const zone = value.tzid ? resolveZoneName(value.tzid) : null;
      return zone && anchor.zone && zone !== anchor.zone
        ? utcToLocal(anchor.zone, localToUTC(zone, value.local))
        : value.local;
    }
    case 'date':
      return anchor.kind === 'all_day'
        ? value.local
        : { ...anchor.start, ...dateOnly(value.local) };
  }
}

function originalStartOf(anchor: Anchor, key: number, local: LocalDateTime): OriginalStart {
  switch (anchor.kind) {
    case 'zoned':
      return { kind: 'instant', atUTC: new Date(key).toISOString() };
    case 'all_day':
      return { kind: 'date', date: formatDate(local) };
    case 'floating':
      return { kind: 'floating', atLocal: formatLocal(local) };
  }
}

function instanceTime(anchor: Anchor, key: number, local: LocalDateTime): EventTime {
  switch (anchor.kind) {
    case 'zoned':
      return {
        kind: 'zoned',
        startsAtUTC: new Date(key).toISOString(),
        endsAtUTC: new Date(key + anchor.durationMs).toISOString(),
        timeZone: anchor.zone!,
      };
    case 'all_day': {
      const startDate = formatDate(local);
      return {
        kind: 'all_day',
        startDate,
        endDate: formatDate(pseudoMsToLocal(key + anchor.durationDays * DAY_MS)),
      };
    }
    case 'floating':
      return {
        kind: 'floating',
        startsAtLocal: formatLocal(local),
        endsAtLocal: formatLocal(pseudoMsToLocal(key + anchor.durationMs)),
      };
  }
}

/** Start of a time on the UTC line (all-day and floating read as UTC for window checks). */
function startMs(time: EventTime): number {
  switch (time.kind) {
    case 'zoned':
      return Date.parse(time.startsAtUTC);
    case 'all_day':
      return Date.parse(`${time.startDate}T00:00:00Z`);
    case 'floating':
      return Date.parse(`${time.startsAtLocal}Z`);
  }
}

function endMs(time: EventTime): number {
  switch (time.kind) {
    case 'zoned':
      return Date.parse(time.endsAtUTC);
    case 'all_day':
      return Date.parse(`${time.endDate}T00:00:00Z`);
    case 'floating':
      return Date.parse(`${time.endsAtLocal}Z`);
  }
}

function overlaps(time: EventTime, windowStart: number, windowEnd: number): boolean {
  const start = startMs(time);
  const end = endMs(time);
  if (end <= start) return start >= windowStart && start < windowEnd;
  return start < windowEnd && end > windowStart;
}

function originalBeyond(
  originalStart: OriginalStart,
  limitPseudo: number,
  anchor: Anchor,
): boolean {
  switch (originalStart.kind) {
    case 'instant':
      return (
        localToPseudoMs(
          anchor.zone
            ? utcToLocal(anchor.zone, Date.parse(originalStart.atUTC))
            : pseudoMsToLocal(Date.parse(originalStart.atUTC)),
        ) > limitPseudo
      );
    case 'date':
      return Date.parse(`${originalStart.date}T00:00:00Z`) > limitPseudo;
    case 'floating':
      return Date.parse(`${originalStart.atLocal}Z`) > limitPseudo;
  }
}

/**
 * The original starts that the series' EXDATEs actually remove (EXDATEs that hit no instance
 * are left out). Graph has no EXDATE list: its adapter deletes these occurrences instead.
 *
 * @example
 * excludedOriginalStarts(time, { lines: ['RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20260302T090000Z'] })
 */
export function excludedOriginalStarts(time: EventTime, recurrence: Recurrence): OriginalStart[] {
  const anchor = anchorOf(time);
  const { exdates } = splitRecurrence(recurrence.lines);
  if (exdates.length === 0) return [];
  const candidates = exdates.map((value) => {
    const key = valueKey(anchor, value);
    const local = anchor.zone ? utcToLocal(anchor.zone, key) : pseudoMsToLocal(key);
    return {
      originalStart: originalStartOf(anchor, key, local),
      at: startMs(instanceTime(anchor, key, local)),
    };
  });
  // One expansion of the series without its exclusions, over the span of all of them: each
  // EXDATE is then a set lookup (an expansion per EXDATE made a long list quadratic).
  const starts = candidates.map((c) => c.at).filter(Number.isFinite);
  if (starts.length === 0) return [];
  const withoutExdates = {
    lines: recurrence.lines.filter((line) => !/^EXDATE/i.test(line.trim())),
  };
  const span = {
    startsAtUTC: new Date(starts.reduce((a, b) => Math.min(a, b)) - 1).toISOString(),
    endsAtUTC: new Date(starts.reduce((a, b) => Math.max(a, b)) + 1).toISOString(),
  };
  const generated = new Set(
    expandSeries({ time, recurrence: withoutExdates, window: span }).occurrences.map((o) =>
      originalStartKey(o.originalStart),
    ),
  );
  return candidates
    .filter((c) => generated.has(originalStartKey(c.originalStart)))
    .map((c) => c.originalStart);
}

import { type LocalDateTime, localToPseudoMs, pseudoMsToLocal } from './local.js';

/**
 * IANA time zones on top of Node's Intl (full ICU). ical.js ships no zone database, so every
 * zone conversion of the engine goes through here.
 *
 * Offsets are found by sampling Intl once per day and bisecting to the minute where the offset
 * changes; the transitions of each year are cached per zone, so a lookup is a binary search.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const validity = new Map<string, boolean>();

/**
 * True when Intl knows the zone.
 *
 * @example
 * isIANAZone('Pacific/Chatham') // true
 * isIANAZone('Pacific Standard Time') // false (a Windows name; see resolveZoneName)
 */
export function isIANAZone(zone: string): boolean {
  const known = validity.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    valid = zone.length > 0;
  } catch {
    valid = false;
  }
  validity.set(zone, valid);
  return valid;
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Offset straight from Intl (slow path), in minutes east of UTC. */
function intlOffsetMinutes(zone: string, utcMs: number): number {
  const parts = formatterFor(zone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
  const local = Date.UTC(
    year,
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const truncated = utcMs - (((utcMs % 1000) + 1000) % 1000);
  return Math.round((local - truncated) / 60_000);
}

interface YearRules {
  /** Offset in force at the start of the year. */
  readonly initial: number;
  /** Transitions within the year: instant (ms) from which `offset` applies. */
  readonly transitions: readonly { readonly atMs: number; readonly offset: number }[];
}

const rulesCache = new Map<string, YearRules>();

function yearRules(zone: string, year: number): YearRules {
  const key = `${zone}|${year}`;
  const cached = rulesCache.get(key);
  if (cached) return cached;
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const initial = intlOffsetMinutes(zone, start);
  const transitions: { atMs: number; offset: number }[] = [];
  let previousMs = start;
  let previousOffset = initial;
  for (let ms = start + DAY_MS; ms <= end; ms += DAY_MS) {
    const offset = intlOffsetMinutes(zone, ms);
    if (offset !== previousOffset) {
      // Bisect to the minute at which the new offset starts.
      let low = previousMs;
      let high = ms;
      while (high - low > 60_000) {
        const mid = low + Math.floor((high - low) / 120_000) * 60_000;
        if (intlOffsetMinutes(zone, mid) === previousOffset) low = mid;
        else high = mid;
      }
      if (high < end) transitions.push({ atMs: high, offset });
      previousOffset = offset;
    }
    previousMs = ms;
  }
  const rules = { initial, transitions };
  rulesCache.set(key, rules);
  return rules;
}

/**
 * UTC offset of `zone` at an instant, in minutes east of UTC.
 *
 * @example
 * zoneOffsetMinutes('Asia/Kolkata', Date.UTC(2026, 0, 1)) // 330
 */
export function zoneOffsetMinutes(zone: string, utcMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const year = new Date(utcMs).getUTCFullYear();
  const rules = yearRules(zone, year);
  let offset = rules.initial;
  for (const transition of rules.transitions) {
    if (transition.atMs <= utcMs) offset = transition.offset;
    else break;
  }
  return offset;
}

/**
 * The wall-clock reading of an instant in a zone.
 *
 * @example
 * formatLocal(utcToLocal('Europe/Berlin', Date.parse('2026-03-29T01:30:00Z'))) // '2026-03-29T03:30:00'
 */
export function utcToLocal(zone: string, utcMs: number): LocalDateTime {
  return pseudoMsToLocal(utcMs + zoneOffsetMinutes(zone, utcMs) * 60_000);
}

/**
 * The instant of a wall-clock reading in a zone, as RFC 5545 §3.3.5 says:
 * a time in a spring-forward gap is read with the offset from BEFORE the gap (02:30 on the
 * New York spring day is 03:30 EDT), and a repeated fall-back time means its FIRST occurrence.
 *
 * @example
 * new Date(localToUTC('America/New_York', parseLocal('2026-03-08T02:30')!)).toISOString()
 * // '2026-03-08T07:30:00.000Z'
 */
export function localToUTC(zone: string, local: LocalDateTime): number {
  const pseudo = localToPseudoMs(local);
  const before = zoneOffsetMinutes(zone, pseudo - DAY_MS) * 60_000;
  const after = zoneOffsetMinutes(zone, pseudo + DAY_MS) * 60_000;
  const candidateBefore = pseudo - before;
  const candidateAfter = pseudo - after;
  const valid = (candidate: number): boolean =>
    candidate + zoneOffsetMinutes(zone, candidate) * 60_000 === pseudo;
  const validBefore = valid(candidateBefore);
  const validAfter = valid(candidateAfter);
  if (validBefore && validAfter) return Math.min(candidateBefore, candidateAfter);
  if (validBefore) return candidateBefore;
  if (validAfter) return candidateAfter;
  return candidateBefore; // in a gap: the offset before the transition
}

/** One offset change of a zone. */
export interface ZoneTransition {
  readonly atUTC: number;
  readonly offsetFromMinutes: number;
  readonly offsetToMinutes: number;
}

/**
 * Offset changes of a zone between two years (inclusive), for writing VTIMEZONEs.
 *
 * @example
 * zoneTransitions('Europe/Berlin', 2026, 2026).length // 2
 */
export function zoneTransitions(zone: string, fromYear: number, toYear: number): ZoneTransition[] {
  const result: ZoneTransition[] = [];
  if (zone === 'UTC' || zone === 'Etc/UTC') return result;
  for (let year = fromYear; year <= toYear; year++) {
    let previous = yearRules(zone, year).initial;
    for (const transition of yearRules(zone, year).transitions) {
      result.push({
        atUTC: transition.atMs,
        offsetFromMinutes: previous,
        offsetToMinutes: transition.offset,
      });
      previous = transition.offset;
    }
  }
  return result;
}

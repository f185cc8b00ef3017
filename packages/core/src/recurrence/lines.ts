import { type LocalDateTime, parseLocal } from './local.js';

/** One parsed content line such as `EXDATE;TZID=Europe/Berlin:20260316T090000`. */
export interface ContentLine {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  readonly value: string;
}

/**
 * Splits a content line into name, parameters (upper-cased names, unquoted values) and value.
 * Returns `null` for a line without a `:`.
 *
 * @example
 * parseContentLine('EXDATE;TZID="Europe/Berlin":20260316T090000')
 * // { name: 'EXDATE', params: { TZID: 'Europe/Berlin' }, value: '20260316T090000' }
 */
export function parseContentLine(line: string): ContentLine | null {
  let inQuotes = false;
  let colon = -1;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '"') inQuotes = !inQuotes;
    else if (char === ':' && !inQuotes) {
      colon = index;
      break;
    }
  }
  if (colon < 0) return null;
  const head = line.slice(0, colon);
  const value = line.slice(colon + 1);
  const parts = head.match(/(?:[^;"]|"[^"]*")+/g) ?? [];
  const name = (parts[0] ?? '').trim().toUpperCase();
  if (!name) return null;
  const params: Record<string, string> = {};
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    params[part.slice(0, eq).trim().toUpperCase()] = part.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name, params, value };
}

/** A DATE or DATE-TIME value of RDATE / EXDATE / UNTIL, before zone resolution. */
export type RecurrenceValue =
  | { readonly kind: 'utc'; readonly utcMs: number }
  | { readonly kind: 'local'; readonly local: LocalDateTime; readonly tzid: string | null }
  | { readonly kind: 'date'; readonly local: LocalDateTime };

/**
 * Parses one DATE / DATE-TIME value (`20260316`, `20260316T090000`, `20260316T090000Z`).
 * PERIOD values (`start/end` or `start/duration`) yield their start.
 */
export function parseRecurrenceValue(raw: string, tzid: string | null): RecurrenceValue | null {
  const value = raw.split('/')[0]!.trim();
  if (/^\d{8}$/.test(value)) {
    const local = parseLocal(value);
    return local ? { kind: 'date', local } : null;
  }
  const utc = /^(\d{8}T\d{6})Z$/i.exec(value);
  if (utc) {
    const local = parseLocal(utc[1]!);
    if (!local) return null;
    return {
      kind: 'utc',
      utcMs: Date.UTC(
        local.year,
        local.month - 1,
        local.day,
        local.hour,
        local.minute,
        local.second,
      ),
    };
  }
  if (/^\d{8}T\d{4,6}$/.test(value)) {
    const local = parseLocal(value);
    return local ? { kind: 'local', local, tzid } : null;
  }
  return null;
}

/** The rule and date lists of a recurrence, split by kind. */
export interface RecurrenceParts {
  readonly rrules: readonly string[];
  readonly exrules: readonly string[];
  readonly rdates: readonly RecurrenceValue[];
  readonly exdates: readonly RecurrenceValue[];
  /** Lines that could not be understood; reported, never silently dropped. */
  readonly invalid: readonly string[];
}

/**
 * Sorts recurrence lines into RRULE / EXRULE bodies and RDATE / EXDATE values.
 *
 * @example
 * splitRecurrence(['RRULE:FREQ=DAILY;COUNT=3', 'EXDATE:20260102T090000Z']).exdates.length // 1
 */
export function splitRecurrence(lines: readonly string[]): RecurrenceParts {
  const rrules: string[] = [];
  const exrules: string[] = [];
  const rdates: RecurrenceValue[] = [];
  const exdates: RecurrenceValue[] = [];
  const invalid: string[] = [];
  for (const line of lines) {
    const parsed = parseContentLine(line.trim());
    if (!parsed) {
      invalid.push(line);
      continue;
    }
    if (parsed.name === 'RRULE') rrules.push(parsed.value);
    else if (parsed.name === 'EXRULE') exrules.push(parsed.value);
    else if (parsed.name === 'RDATE' || parsed.name === 'EXDATE') {
      const target = parsed.name === 'RDATE' ? rdates : exdates;
      for (const raw of parsed.value.split(',')) {
        if (!raw.trim()) continue;
        const value = parseRecurrenceValue(raw, parsed.params.TZID ?? null);
        if (value) target.push(value);
        else invalid.push(line);
      }
    } else invalid.push(line);
  }
  return { rrules, exrules, rdates, exdates, invalid };
}

/** Parses an RRULE body into an ordered map of upper-cased parts. */
export function parseRuleParts(rule: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const piece of rule.replace(/^RRULE:/i, '').split(';')) {
    const eq = piece.indexOf('=');
    if (eq > 0)
      parts.set(
        piece.slice(0, eq).trim().toUpperCase(),
        piece
          .slice(eq + 1)
          .trim()
          .toUpperCase(),
      );
  }
  return parts;
}

/** Serialises rule parts back to an RRULE body, FREQ first. */
export function formatRuleParts(parts: ReadonlyMap<string, string>): string {
  const entries = [...parts.entries()];
  entries.sort(([a], [b]) => (a === 'FREQ' ? -1 : b === 'FREQ' ? 1 : 0));
  return entries.map(([key, value]) => `${key}=${value}`).join(';');
}

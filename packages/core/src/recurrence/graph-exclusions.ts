import type { EventContent, Recurrence } from '../model/event.js';

const isExclusion = (line: string): boolean => /^EXDATE[;:]/i.test(line.trim());
const ruleKey = (lines: readonly string[]): string =>
  lines
    .filter((line) => !isExclusion(line))
    .map((line) => line.trim().toUpperCase())
    .sort()
    .join('\n');

/**
 * Graph keeps no exception dates: a cancelled slot of an Outlook series is a deleted occurrence,
 * and a master read back lists its pattern only. This puts `reference`'s EXDATE lines back on
 * content read from Graph — the exclusions Calsync wrote (`reference` = what was pushed) or last
 * agreed on (`reference` = the link's base) — so the sync never takes Graph's representation for
 * an edit that removed them. With `sameRuleOnly`, only when the rule is the reference's (a rule
 * changed in Outlook drops the old exclusions with it).
 *
 * @example
 * withGraphExclusions(
 *   { lines: ['RRULE:FREQ=DAILY;COUNT=4'] },
 *   { lines: ['RRULE:FREQ=DAILY;COUNT=4', 'EXDATE:20261202T130000Z'] },
 *   { sameRuleOnly: true },
 * ) // { lines: ['RRULE:FREQ=DAILY;COUNT=4', 'EXDATE:20261202T130000Z'] }
 */
export function withGraphExclusions(
  read: Recurrence | null,
  reference: Recurrence | null,
  options: { sameRuleOnly: boolean },
): Recurrence | null {
  if (!read || !reference || read.lines.some(isExclusion)) return read;
  const exclusions = reference.lines.filter(isExclusion);
  if (exclusions.length === 0) return read;
  // The same rule: the reference itself, lines in its order (content compares them in order).
  if (ruleKey(read.lines) === ruleKey(reference.lines)) return reference;
  return options.sameRuleOnly ? read : { lines: [...read.lines, ...exclusions] };
}

/** {@link withGraphExclusions} on whole event content. */
export function contentWithGraphExclusions(
  read: EventContent,
  reference: EventContent | null,
  options: { sameRuleOnly: boolean },
): EventContent {
  const recurrence = withGraphExclusions(read.recurrence, reference?.recurrence ?? null, options);
  return recurrence === read.recurrence ? read : { ...read, recurrence };
}

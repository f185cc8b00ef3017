import type { GraphEvent, GraphImportance, GraphSensitivity, GraphShowAs } from './graph-types.js';

/**
 * Graph fields core does not model, kept as iCalendar-style content lines in `extraProperties`
 * (the names Outlook itself uses when it exports iCalendar), so they survive a round-trip
 * through CalDAV or show in an admin view.
 */

/** `sensitivity` → RFC 5545 CLASS (normal is PUBLIC and left out). */
export const CLASS_FOR_SENSITIVITY: Readonly<Record<GraphSensitivity, string | null>> = {
  normal: null,
  personal: 'PRIVATE',
  private: 'PRIVATE',
  confidential: 'CONFIDENTIAL',
};

/** `showAs` → Outlook's `X-MICROSOFT-CDO-BUSYSTATUS`. */
export const BUSY_STATUS_FOR_SHOW_AS: Readonly<Record<GraphShowAs, string>> = {
  free: 'FREE',
  tentative: 'TENTATIVE',
  busy: 'BUSY',
  oof: 'OOF',
  workingElsewhere: 'WORKINGELSEWHERE',
  unknown: 'BUSY',
};

/** `importance` → Outlook's `X-MICROSOFT-CDO-IMPORTANCE` (0 low, 1 normal, 2 high). */
export const IMPORTANCE_LEVEL: Readonly<Record<GraphImportance, string>> = {
  low: '0',
  normal: '1',
  high: '2',
};

/** The `transactionId` Graph echoes on events created with one (our create key). */
export const TRANSACTION_ID_PROPERTY = 'X-CALSYNC-GRAPH-TRANSACTION-ID';

function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

/**
 * The unmodelled fields of an event as content lines.
 *
 * @example
 * extraPropertiesFromGraph({ categories: ['Red'], importance: 'high', showAs: 'oof' })
 * // ['CATEGORIES:Red', 'X-MICROSOFT-CDO-IMPORTANCE:2', 'X-MICROSOFT-CDO-BUSYSTATUS:OOF']
 */
export function extraPropertiesFromGraph(event: GraphEvent): string[] {
  const lines: string[] = [];
  const categories = event.categories ?? [];
  if (categories.length > 0) lines.push(`CATEGORIES:${categories.map(escapeText).join(',')}`);
  const classValue = event.sensitivity ? CLASS_FOR_SENSITIVITY[event.sensitivity] : null;
  if (classValue) lines.push(`CLASS:${classValue}`);
  if (event.importance)
    lines.push(`X-MICROSOFT-CDO-IMPORTANCE:${IMPORTANCE_LEVEL[event.importance]}`);
  if (event.showAs)
    lines.push(`X-MICROSOFT-CDO-BUSYSTATUS:${BUSY_STATUS_FOR_SHOW_AS[event.showAs]}`);
  if (event.transactionId)
    lines.push(`${TRANSACTION_ID_PROPERTY}:${escapeText(event.transactionId)}`);
  return lines;
}

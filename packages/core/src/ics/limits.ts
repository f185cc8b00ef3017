/**
 * The bounds of an iCalendar document this package reads. A real calendar object is a few
 * kilobytes; a whole exported calendar of several thousand events stays far below these.
 */
export const ICS_LIMITS = {
  /** Characters of one content line after unfolding (a long HTML description fits). */
  maxLineLength: 262_144,
  /** Content lines (after unfolding) of one document; the rest is not read. */
  maxLines: 200_000,
  /** Component nesting: VCALENDAR > VEVENT > VALARM is 3, VCALENDAR > VTIMEZONE > STANDARD too. */
  maxDepth: 8,
  /** VEVENTs of one CalDAV calendar object resource: one master and its overrides. */
  maxEventsPerResource: 1_001,
} as const;

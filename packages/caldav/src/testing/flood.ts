const DAY_MS = 86_400_000;

/** `20260301T090000Z`: an instant as iCalendar writes it in UTC. */
const basicUTC = (ms: number): string => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * One calendar object holding a daily series (UID `flood`, 30 minutes from `firstStartMs`) and
 * `overrides` moved instances of it, one a day after the first: a VEVENT flood for the
 * per-resource limits.
 *
 * @example
 * await other.putRaw('flood.ics', floodCalendarObject(Date.UTC(2026, 2, 1, 9), 19_999));
 */
export function floodCalendarObject(firstStartMs: number, overrides: number): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//flood//EN',
    'BEGIN:VEVENT',
    'UID:flood',
    'SUMMARY:Flood',
    `DTSTART:${basicUTC(firstStartMs)}`,
    `DTEND:${basicUTC(firstStartMs + 1_800_000)}`,
    'RRULE:FREQ=DAILY',
    'END:VEVENT',
  ];
  for (let i = 1; i <= overrides; i++) {
    const day = basicUTC(firstStartMs + i * DAY_MS);
    lines.push(
      'BEGIN:VEVENT',
      'UID:flood',
      `RECURRENCE-ID:${day}`,
      `SUMMARY:Moved ${i}`,
      `DTSTART:${day}`,
      `DTEND:${day}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * One calendar object with a single one-hour event.
 *
 * @example
 * await other.putRaw('good.ics', singleEventObject('good-1', 'Good', Date.UTC(2026, 2, 10, 14)));
 */
export function singleEventObject(uid: string, title: string, startMs: number): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//flood//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SUMMARY:${title}`,
    `DTSTART:${basicUTC(startMs)}`,
    `DTEND:${basicUTC(startMs + 3_600_000)}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

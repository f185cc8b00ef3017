const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * "just now", "3 minutes ago", "in 2 hours": the distance from `now` to `at`, in the largest
 * unit that fits, worded by `Intl.RelativeTimeFormat` in `locale`.
 *
 * @example
 * formatRelativeTime(new Date('2026-03-02T09:57:00Z'), new Date('2026-03-02T10:00:00Z'), 'en')
 * // '3 minutes ago'
 */
export function formatRelativeTime(at: Date, now: Date, locale?: string): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const deltaSeconds = Math.round((at.getTime() - now.getTime()) / 1000);
  const magnitudeSeconds = Math.abs(deltaSeconds);
  if (magnitudeSeconds < 45) return format.format(0, 'second');
  for (const [unit, unitSeconds] of UNITS) {
    if (magnitudeSeconds >= unitSeconds) {
      return format.format(Math.trunc(deltaSeconds / unitSeconds), unit);
    }
  }
  return format.format(Math.round(deltaSeconds / 60), 'minute');
}

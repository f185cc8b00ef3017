/** Human text for the values of an appointment's syncable fields (as conflicts carry them). */
import { timeZoneDisplayName } from '../availability/time-zone.js';
import type { CalsyncStrings } from '../core/strings.js';

/** The words a field value may need. */
export type FieldValueStrings = Pick<
  CalsyncStrings,
  'emptyValue' | 'allDay' | 'localTime' | 'calendarDefaultReminders' | 'reminderBefore'
>;

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

function formatTime(
  value: Record<string, unknown>,
  locale: string | undefined,
  s: FieldValueStrings,
): string {
  const day: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
  if (value.kind === 'all_day' && typeof value.startDate === 'string') {
    const start = new Date(`${value.startDate}T00:00:00Z`);
    return `${new Intl.DateTimeFormat(locale, { ...day, timeZone: 'UTC' }).format(start)} · ${s.allDay}`;
  }
  if (value.kind === 'zoned' && typeof value.startsAtUTC === 'string') {
    const timeZone = typeof value.timeZone === 'string' ? value.timeZone : 'UTC';
    const start = new Date(value.startsAtUTC);
    const end = typeof value.endsAtUTC === 'string' ? new Date(value.endsAtUTC) : start;
    const date = new Intl.DateTimeFormat(locale, { ...day, timeZone }).format(start);
    const clock = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone });
    const zoneName = timeZoneDisplayName(timeZone, locale, start, end);
    return `${date}, ${clock.formatRange(start, end)} (${zoneName})`;
  }
  if (value.kind === 'floating' && typeof value.startsAtLocal === 'string') {
    return `${value.startsAtLocal} – ${String(value.endsAtLocal ?? '')} (${s.localTime})`;
  }
  return JSON.stringify(value);
}

/**
 * One field's value as a short text: times in the event's own zone, attendees by name or email,
 * and a dash for nothing.
 *
 * @example
 * formatFieldValue('time', { kind: 'all_day', startDate: '2026-03-06', endDate: '2026-03-07' }, 'en-GB', en)
 * // 'Fri 6 Mar · all day'
 */
export function formatFieldValue(
  field: string,
  value: unknown,
  locale: string | undefined,
  s: FieldValueStrings,
): string {
  const empty = s.emptyValue;
  if (value === null || value === undefined || value === '') return empty;
  if (typeof value === 'string') return value;
  const record = asRecord(value);
  if (field === 'time' && record) return formatTime(record, locale, s);
  if (field === 'attendees' && Array.isArray(value)) {
    if (value.length === 0) return empty;
    return value
      .map((a) => {
        const attendee = asRecord(a);
        return String(attendee?.name ?? attendee?.email ?? a);
      })
      .join(', ');
  }
  if (field === 'recurrence' && record && Array.isArray(record.lines)) {
    return record.lines.length ? record.lines.join('; ') : empty;
  }
  if (field === 'meeting' && record && typeof record.joinUrl === 'string') return record.joinUrl;
  if (field === 'reminders' && record) {
    if (record.useDefault) return s.calendarDefaultReminders;
    const overrides = Array.isArray(record.overrides) ? record.overrides : [];
    return (
      overrides
        .map((o) => {
          const reminder = asRecord(o);
          return s.reminderBefore(Number(reminder?.minutesBefore), String(reminder?.method));
        })
        .join(', ') || empty
    );
  }
  return JSON.stringify(value);
}

/** Whether two field values differ (deep, by their JSON). */
export function valuesDiffer(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) !== JSON.stringify(b ?? null);
}

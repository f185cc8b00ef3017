import { describe, expect, it } from 'vitest';
import { de } from '../locales/de-catalog.js';
import { en } from '../locales/en.js';
import { formatFieldValue, valuesDiffer } from './field-format.js';

describe('formatFieldValue', () => {
  it('shows a timed event in its own zone, named in the language asked for', () => {
    const time = {
      kind: 'zoned',
      startsAtUTC: '2026-03-05T14:00:00Z',
      endsAtUTC: '2026-03-05T14:30:00Z',
      timeZone: 'Europe/Berlin',
    };
    expect(formatFieldValue('time', time, 'en-GB', en)).toBe(
      'Thu 5 Mar, 15:00–15:30 (Central European Standard Time)',
    );
    expect(formatFieldValue('time', time, 'de', de)).toMatch(/\(Mitteleuropäische Normalzeit\)$/);
  });
  it('shows all-day events by date', () => {
    const time = { kind: 'all_day', startDate: '2026-03-06', endDate: '2026-03-07' };
    expect(formatFieldValue('time', time, 'en-GB', en)).toBe('Fri 6 Mar · all day');
  });
  it('names attendees and uses the dash for nothing', () => {
    const attendees = [
      { email: 'a@x.com', name: 'Ann' },
      { email: 'bo@x.com', name: null },
    ];
    expect(formatFieldValue('attendees', attendees, 'en', en)).toBe('Ann, bo@x.com');
    expect(formatFieldValue('location', null, 'en', en)).toBe('—');
    expect(formatFieldValue('location', '', 'en', en)).toBe('—');
  });
  it('words values in the language of the catalog', () => {
    const time = { kind: 'all_day', startDate: '2026-03-06', endDate: '2026-03-07' };
    expect(formatFieldValue('time', time, 'de', de)).toBe('Fr., 6. März · ganztägig');
    const reminders = { useDefault: false, overrides: [{ minutesBefore: 10, method: 'popup' }] };
    expect(formatFieldValue('reminders', reminders, 'en', en)).toBe('10 min before (popup)');
    expect(formatFieldValue('reminders', { useDefault: true }, 'de', de)).toBe(
      'Standard des Kalenders',
    );
  });
  it('compares values deeply', () => {
    expect(valuesDiffer({ a: [1] }, { a: [1] })).toBe(false);
    expect(valuesDiffer('x', 'y')).toBe(true);
    expect(valuesDiffer(undefined, null)).toBe(false);
  });
});

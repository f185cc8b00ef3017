import { describe, expect, test } from 'vitest';
import type { GraphEvent } from '../src/index.js';
import { contentToGraph } from '../src/index.js';
import { base, content, mapped } from './support/fixtures.js';

describe('EventContent → Graph body', () => {
  test('every field', () => {
    expect(contentToGraph(content, { privacy: 'full' })).toEqual({
      subject: 'Design review',
      body: { contentType: 'text', content: 'Agenda' },
      location: { displayName: 'Room 4' },
      start: { dateTime: '2026-03-10T10:00:00', timeZone: 'America/New_York' },
      end: { dateTime: '2026-03-10T11:00:00', timeZone: 'America/New_York' },
      isAllDay: false,
      showAs: 'busy',
      sensitivity: 'normal',
      attendees: [
        {
          type: 'optional',
          status: { response: 'tentativelyAccepted' },
          emailAddress: { address: 'bob@contoso.test' },
        },
        {
          type: 'resource',
          status: { response: 'none' },
          emailAddress: { address: 'room4@contoso.test', name: 'Room 4' },
        },
      ],
      isReminderOn: true,
      reminderMinutesBeforeStart: 60,
    });
  });

  test.each([
    ['full', 'normal'],
    ['normal', 'private'],
    ['minimal', 'private'],
  ] as const)('privacy %s → sensitivity %s', (privacy, sensitivity) => {
    expect(contentToGraph(content, { privacy }).sensitivity).toBe(sensitivity);
  });

  test.each([
    ['confirmed', 'opaque', 'busy'],
    ['tentative', 'opaque', 'tentative'],
    ['confirmed', 'transparent', 'free'],
  ] as const)('status %s, %s → showAs %s', (status, transparency, showAs) => {
    expect(contentToGraph({ ...content, status, transparency }).showAs).toBe(showAs);
  });

  test('all-day and default reminders', () => {
    const body = contentToGraph({
      ...content,
      time: { kind: 'all_day', startDate: '2026-03-12', endDate: '2026-03-13' },
      reminders: { useDefault: true, overrides: [] },
    });
    expect(body).toMatchObject({
      start: { dateTime: '2026-03-12T00:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-03-13T00:00:00', timeZone: 'UTC' },
      isAllDay: true,
      isReminderOn: true,
      reminderMinutesBeforeStart: 15,
    });
    expect(
      contentToGraph({ ...content, reminders: { useDefault: false, overrides: [] } }).isReminderOn,
    ).toBe(false);
  });

  test('what is written reads back the same (fixed point of the two mappers)', () => {
    const written = contentToGraph(content) as GraphEvent;
    const back = mapped({
      ...base,
      ...written,
      start: { dateTime: '2026-03-10T14:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-03-10T15:00:00', timeZone: 'UTC' },
      originalStartTimeZone: 'America/New_York',
      organizer: { emailAddress: { address: 'ann@contoso.test' } },
    });
    const { attendees: _a, reminders: _r, ...rest } = back.content;
    const { attendees: _b, reminders: _s, ...expected } = content;
    expect(rest).toEqual(expected);
    expect(back.content.reminders).toEqual({
      useDefault: false,
      overrides: [{ method: 'popup', minutesBefore: 60 }],
    });
    expect(back.content.attendees.map((a) => a.email)).toEqual([
      'bob@contoso.test',
      'room4@contoso.test',
    ]);
  });
});

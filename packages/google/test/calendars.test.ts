import { afterEach, describe, expect, test } from 'vitest';
import { contractContent } from '@calsync/core/testing';
import type { calendar_v3 } from '@googleapis/calendar';
import { calendarFromGoogle, freeBusyRanges } from '../src/index.js';
import { type GoogleSandbox, googleSandbox, userBody } from './support.js';

let s: GoogleSandbox;
afterEach(async () => s?.close());

describe('calendar list', () => {
  test('the sandbox account: primary and a secondary, both owned', async () => {
    s = await googleSandbox();
    const calendars = await s.adapter.listCalendars();
    expect(calendars).toEqual([
      {
        calendarId: s.email,
        name: s.email,
        primary: true,
        accessRole: 'owner',
        timeZone: 'UTC',
        color: '#9fe1e7',
      },
      expect.objectContaining({ name: 'Sandbox secondary', primary: false, accessRole: 'owner' }),
    ]);
  });

  const rows: [string, calendar_v3.Schema$CalendarListEntry, unknown][] = [
    [
      'shared, writer, user-renamed',
      {
        id: 'team@group.calendar.google.com',
        summary: 'Team',
        summaryOverride: 'My team',
        accessRole: 'writer',
        timeZone: 'Europe/Berlin',
      },
      {
        calendarId: 'team@group.calendar.google.com',
        name: 'My team',
        primary: false,
        accessRole: 'writer',
        timeZone: 'Europe/Berlin',
        color: null,
      },
    ],
    [
      'reader',
      { id: 'holidays', summary: 'Holidays', accessRole: 'reader' },
      expect.objectContaining({ accessRole: 'reader' }),
    ],
    [
      'free/busy only',
      { id: 'boss@example.com', accessRole: 'freeBusyReader' },
      expect.objectContaining({ accessRole: 'free_busy', name: 'boss@example.com' }),
    ],
    ['deleted entry', { id: 'old', accessRole: 'owner', deleted: true }, null],
    ['unknown role', { id: 'odd', accessRole: 'none' }, null],
  ];
  test.each(rows)('%s', (_name, entry, expected) => {
    expect(calendarFromGoogle(entry)).toEqual(expected);
  });
});

describe('free/busy', () => {
  test('busy blocks of the selected calendars; free and cancelled events do not count', async () => {
    s = await googleSandbox();
    const [primary, secondary] = (await s.adapter.listCalendars()).map((c) => c.calendarId);
    const insert = async (
      calendarId: string,
      title: string,
      hour: number,
      extra: calendar_v3.Schema$Event = {},
    ) => {
      const startsAt = Date.parse('2026-03-10T00:00:00Z') + hour * 3_600_000;
      const time = {
        kind: 'zoned' as const,
        startsAtUTC: new Date(startsAt).toISOString(),
        endsAtUTC: new Date(startsAt + 3_600_000).toISOString(),
        timeZone: 'UTC',
      };
      const created = await s.user.events.insert(
        { calendarId, requestBody: { ...userBody(contractContent({ title, time })), ...extra } },
        s.userCall,
      );
      return created.data.id!;
    };
    await insert(primary!, 'Busy', 9);
    await insert(primary!, 'Free', 11, { transparency: 'transparent' });
    const cancelled = await insert(primary!, 'Cancelled', 13);
    await s.user.events.delete({ calendarId: primary!, eventId: cancelled }, s.userCall);
    await insert(secondary!, 'Other calendar', 15);
    const busy = await s.adapter.freeBusy({
      calendarIds: [primary!, secondary!, 'unknown@example.com'],
      range: { startsAtUTC: '2026-03-01T00:00:00.000Z', endsAtUTC: '2026-06-01T00:00:00.000Z' },
    });
    expect(busy).toEqual([
      {
        calendarId: primary,
        startsAtUTC: '2026-03-10T09:00:00.000Z',
        endsAtUTC: '2026-03-10T10:00:00.000Z',
        status: 'busy',
      },
      {
        calendarId: secondary,
        startsAtUTC: '2026-03-10T15:00:00.000Z',
        endsAtUTC: '2026-03-10T16:00:00.000Z',
        status: 'busy',
      },
    ]);
    // 92 days: two calls, each within Google's range limit.
    expect(s.requests.filter((r) => r.url.includes('/freeBusy'))).toHaveLength(2);
  });

  test('ranges are split into pieces Google accepts', () => {
    expect(
      freeBusyRanges({ startsAtUTC: '2026-01-01T00:00:00Z', endsAtUTC: '2026-04-15T00:00:00Z' }),
    ).toEqual([
      { startsAtUTC: '2026-01-01T00:00:00.000Z', endsAtUTC: '2026-03-02T00:00:00.000Z' },
      { startsAtUTC: '2026-03-02T00:00:00.000Z', endsAtUTC: '2026-04-15T00:00:00.000Z' },
    ]);
    expect(
      freeBusyRanges({ startsAtUTC: '2026-01-02T00:00:00Z', endsAtUTC: '2026-01-01T00:00:00Z' }),
    ).toEqual([]);
  });
});

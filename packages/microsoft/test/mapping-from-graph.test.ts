import { describe, expect, test } from 'vitest';
import { MEETING_PROPERTY, graphEventToRemote } from '../src/index.js';
import { base, mapped } from './support/fixtures.js';

describe('Graph event → RemoteEvent', () => {
  test('every field of a single event', () => {
    const event = mapped(base);
    expect(event).toMatchObject({
      externalId: 'AAMkEvent1',
      calendarId: 'cal-1',
      etag: 'W/"ck1"',
      iCalUID: '040000008200E00074C5B7101A82E008AB',
      seriesExternalId: null,
      originalStart: null,
      updatedAt: '2026-03-01T09:30:00.123Z',
      calsyncAppointmentId: 'apt-7',
    });
    expect(event.content).toEqual({
      title: 'Design review',
      description: 'Agenda\n1. Intro',
      location: 'Room 4',
      time: {
        kind: 'zoned',
        startsAtUTC: '2026-03-10T14:00:00.000Z',
        endsAtUTC: '2026-03-10T15:00:00.000Z',
        timeZone: 'America/New_York',
      },
      recurrence: null,
      attendees: [
        {
          email: 'ann@contoso.test',
          name: null,
          responseStatus: 'needs_action',
          optional: false,
          organizer: true,
          resource: false,
        },
        {
          email: 'bob@contoso.test',
          name: 'Bob',
          responseStatus: 'accepted',
          optional: false,
          organizer: false,
          resource: false,
        },
        {
          email: 'cy@contoso.test',
          name: null,
          responseStatus: 'tentative',
          optional: true,
          organizer: false,
          resource: false,
        },
        {
          email: 'dee@contoso.test',
          name: null,
          responseStatus: 'declined',
          optional: false,
          organizer: false,
          resource: false,
        },
        {
          email: 'room4@contoso.test',
          name: 'Room 4',
          responseStatus: 'needs_action',
          optional: false,
          organizer: false,
          resource: true,
        },
      ],
      status: 'confirmed',
      meeting: null,
      reminders: { useDefault: true, overrides: [] },
      transparency: 'opaque',
    });
    expect(event.extraProperties).toEqual([
      'CATEGORIES:Red category,Work\\, important',
      'CLASS:PRIVATE',
      'X-MICROSOFT-CDO-IMPORTANCE:2',
      'X-MICROSOFT-CDO-BUSYSTATUS:BUSY',
      'X-CALSYNC-GRAPH-TRANSACTION-ID:calsync-abc',
    ]);
  });

  test.each([
    ['free', false, 'confirmed', 'transparent', 'FREE'],
    ['tentative', false, 'tentative', 'opaque', 'TENTATIVE'],
    ['busy', false, 'confirmed', 'opaque', 'BUSY'],
    ['oof', false, 'confirmed', 'opaque', 'OOF'],
    ['workingElsewhere', false, 'confirmed', 'opaque', 'WORKINGELSEWHERE'],
    ['busy', true, 'cancelled', 'opaque', 'BUSY'],
  ] as const)(
    'showAs %s, cancelled %s → status %s, %s',
    (showAs, isCancelled, status, transparency, busy) => {
      const event = mapped({ ...base, showAs, isCancelled });
      expect(event.content.status).toBe(status);
      expect(event.content.transparency).toBe(transparency);
      expect(event.extraProperties).toContain(`X-MICROSOFT-CDO-BUSYSTATUS:${busy}`);
    },
  );

  test.each([
    ['normal', null],
    ['personal', 'CLASS:PRIVATE'],
    ['private', 'CLASS:PRIVATE'],
    ['confidential', 'CLASS:CONFIDENTIAL'],
  ] as const)('sensitivity %s → %s', (sensitivity, line) => {
    const lines = mapped({ ...base, sensitivity }).extraProperties.filter((l) =>
      l.startsWith('CLASS'),
    );
    expect(lines).toEqual(line ? [line] : []);
  });

  test.each([
    [true, 15, { useDefault: true, overrides: [] }],
    [true, 30, { useDefault: false, overrides: [{ method: 'popup', minutesBefore: 30 }] }],
    [false, 15, { useDefault: false, overrides: [] }],
  ])('reminder on %s, %s minutes', (isReminderOn, minutes, reminders) => {
    expect(
      mapped({ ...base, isReminderOn, reminderMinutesBeforeStart: minutes }).content.reminders,
    ).toEqual(reminders);
  });

  test('Teams join URL and stamped meeting links', () => {
    const teams = mapped({
      ...base,
      isOnlineMeeting: true,
      onlineMeeting: {
        joinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
        conferenceId: '123',
      },
    });
    expect(teams.content.meeting).toEqual({
      provider: 'teams',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
      conferenceId: '123',
    });
    const zoom = mapped({
      ...base,
      singleValueExtendedProperties: [
        {
          id: MEETING_PROPERTY,
          value: JSON.stringify({
            provider: 'zoom',
            joinUrl: 'https://zoom.us/j/1',
            conferenceId: '1',
          }),
        },
      ],
    });
    expect(zoom.content.meeting).toEqual({
      provider: 'zoom',
      joinUrl: 'https://zoom.us/j/1',
      conferenceId: '1',
    });
    expect(zoom.calsyncAppointmentId).toBeNull();
  });

  test('all-day events are dates with an exclusive end', () => {
    const event = mapped({
      ...base,
      isAllDay: true,
      start: { dateTime: '2026-03-12T00:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-03-14T00:00:00.0000000', timeZone: 'UTC' },
    });
    expect(event.content.time).toEqual({
      kind: 'all_day',
      startDate: '2026-03-12',
      endDate: '2026-03-14',
    });
  });

  test('times in another zone are read as instants; unknown zone names fall back to UTC', () => {
    const event = mapped({
      ...base,
      start: { dateTime: '2026-03-10T10:00:00.0000000', timeZone: 'Eastern Standard Time' },
      end: { dateTime: '2026-03-10T11:00:00.0000000', timeZone: 'America/New_York' },
      originalStartTimeZone: 'tzone://Microsoft/Custom',
    });
    expect(event.content.time).toEqual({
      kind: 'zoned',
      startsAtUTC: '2026-03-10T14:00:00.000Z',
      endsAtUTC: '2026-03-10T15:00:00.000Z',
      timeZone: 'UTC',
    });
  });

  test('exceptions carry their series and original start', () => {
    const event = mapped({
      ...base,
      type: 'exception',
      seriesMasterId: 'AAMkMaster',
      originalStart: '2026-03-17T14:00:00Z',
    });
    expect(event.seriesExternalId).toBe('AAMkMaster');
    expect(event.originalStart).toEqual({ kind: 'instant', atUTC: '2026-03-17T14:00:00.000Z' });
  });

  test('series masters carry RRULE lines', () => {
    const event = mapped({
      ...base,
      type: 'seriesMaster',
      recurrence: {
        pattern: {
          type: 'weekly',
          interval: 2,
          daysOfWeek: ['tuesday', 'thursday'],
          firstDayOfWeek: 'sunday',
        },
        range: {
          type: 'numbered',
          startDate: '2026-03-10',
          numberOfOccurrences: 6,
          recurrenceTimeZone: 'Eastern Standard Time',
        },
      },
    });
    expect(event.content.recurrence).toEqual({
      lines: ['RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU;COUNT=6'],
    });
  });

  test.each([
    [{ id: undefined }, 'event without an id'],
    [{ start: { dateTime: 'soon', timeZone: 'UTC' } }, 'unreadable start/end'],
    [{ end: { dateTime: '2026-03-10T13:00:00', timeZone: 'UTC' } }, 'unreadable start/end'],
    [{ type: 'seriesMaster' as const, recurrence: null }, 'series master without recurrence'],
    [
      { type: 'exception' as const, seriesMasterId: null },
      'instance without seriesMasterId/originalStart',
    ],
    [
      { lastModifiedDateTime: 'yesterday', createdDateTime: undefined },
      'unreadable lastModifiedDateTime',
    ],
  ])('malformed item %# is an issue: %s', (patch, reason) => {
    const result = graphEventToRemote({ ...base, ...patch }, 'cal-1');
    expect(result.kind).toBe('issue');
    if (result.kind === 'issue') {
      expect(result.issue.reason).toBe(reason);
      expect(result.issue.excerpt.length).toBeGreaterThan(0);
    }
  });
});

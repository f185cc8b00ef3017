import { describe, expect, test } from 'vitest';
import { type EventContent, type RemoteEvent, normalizeContent } from '@calsync/core';
import type { calendar_v3 } from '@googleapis/calendar';
import {
  APPOINTMENT_ID_PROPERTY,
  GOOGLE_MEET_REQUEST,
  contentToGoogleEvent,
  googleItemToChange,
} from '../src/index.js';
import type { OutboundOptions } from '../src/index.js';

type GoogleEvent = calendar_v3.Schema$Event;

const BASE_ITEM: GoogleEvent = {
  id: 'evt00001',
  etag: '"1"',
  status: 'confirmed',
  updated: '2026-03-01T10:00:00.000Z',
  iCalUID: 'evt00001@google.com',
  summary: 'Planning',
  start: { dateTime: '2026-03-10T10:00:00-04:00', timeZone: 'America/New_York' },
  end: { dateTime: '2026-03-10T11:00:00-04:00', timeZone: 'America/New_York' },
};

const BASE_CONTENT: EventContent = {
  title: 'Planning',
  description: null,
  location: null,
  time: {
    kind: 'zoned',
    startsAtUTC: '2026-03-10T14:00:00.000Z',
    endsAtUTC: '2026-03-10T15:00:00.000Z',
    timeZone: 'America/New_York',
  },
  recurrence: null,
  attendees: [],
  status: 'confirmed',
  meeting: null,
  reminders: { useDefault: true, overrides: [] },
  transparency: 'opaque',
};

function inbound(patch: GoogleEvent, calendarZone = 'Europe/Berlin'): RemoteEvent {
  const result = googleItemToChange({ ...BASE_ITEM, ...patch }, 'primary', calendarZone);
  if (result.kind !== 'change' || result.change.kind !== 'upsert') {
    throw new Error(`expected an upsert, got ${JSON.stringify(result)}`);
  }
  return result.change.event;
}

const ATTENDEE = {
  email: 'bob@example.com',
  name: null,
  responseStatus: 'needs_action',
  optional: false,
  organizer: false,
  resource: false,
} as const;

describe('Google → canonical, field by field', () => {
  const rows: [string, GoogleEvent, Partial<EventContent>][] = [
    ['summary → title', { summary: 'Budget review' }, { title: 'Budget review' }],
    ['no summary → empty title', { summary: undefined }, { title: '' }],
    [
      'description (HTML kept verbatim)',
      { description: '<b>Agenda</b><br>1. numbers' },
      { description: '<b>Agenda</b><br>1. numbers' },
    ],
    ['empty description → null', { description: '' }, { description: null }],
    ['location', { location: 'Room 4' }, { location: 'Room 4' }],
    [
      'timed start/end in their zone',
      {
        start: { dateTime: '2026-03-16T09:00:00+01:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-03-16T09:30:00+01:00', timeZone: 'Europe/Berlin' },
      },
      {
        time: {
          kind: 'zoned',
          startsAtUTC: '2026-03-16T08:00:00.000Z',
          endsAtUTC: '2026-03-16T08:30:00.000Z',
          timeZone: 'Europe/Berlin',
        },
      },
    ],
    [
      'dateTime without timeZone → the calendar zone',
      { start: { dateTime: '2026-03-16T09:00:00Z' }, end: { dateTime: '2026-03-16T10:00:00Z' } },
      {
        time: {
          kind: 'zoned',
          startsAtUTC: '2026-03-16T09:00:00.000Z',
          endsAtUTC: '2026-03-16T10:00:00.000Z',
          timeZone: 'Europe/Berlin',
        },
      },
    ],
    [
      'all-day dates, end exclusive',
      { start: { date: '2026-03-12' }, end: { date: '2026-03-14' } },
      { time: { kind: 'all_day', startDate: '2026-03-12', endDate: '2026-03-14' } },
    ],
    [
      'recurrence lines (RRULE/EXDATE kept)',
      {
        recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE;TZID=America/New_York:20260317T100000'],
      },
      {
        recurrence: {
          lines: ['RRULE:FREQ=WEEKLY;COUNT=4', 'EXDATE;TZID=America/New_York:20260317T100000'],
        },
      },
    ],
    ['status tentative', { status: 'tentative' }, { status: 'tentative' }],
    ['transparency', { transparency: 'transparent' }, { transparency: 'transparent' }],
    [
      'attendee needsAction, e-mail lower-cased',
      { attendees: [{ email: 'Bob@Example.com', responseStatus: 'needsAction' }] },
      { attendees: [ATTENDEE] },
    ],
    ...(['accepted', 'declined', 'tentative'] as const).map(
      (status): [string, GoogleEvent, Partial<EventContent>] => [
        `attendee ${status}`,
        { attendees: [{ email: 'bob@example.com', responseStatus: status }] },
        { attendees: [{ ...ATTENDEE, responseStatus: status }] },
      ],
    ),
    [
      'attendee name, optional, resource',
      {
        attendees: [
          { email: 'room@example.com', displayName: 'Room 4', optional: true, resource: true },
        ],
      },
      {
        attendees: [
          {
            ...ATTENDEE,
            email: 'room@example.com',
            name: 'Room 4',
            optional: true,
            resource: true,
          },
        ],
      },
    ],
    [
      'organizer by flag and by the organizer field',
      {
        organizer: { email: 'ann@example.com' },
        attendees: [
          { email: 'ann@example.com', responseStatus: 'accepted' },
          { email: 'carl@example.com', organizer: true },
        ],
      },
      {
        attendees: [
          { ...ATTENDEE, email: 'ann@example.com', responseStatus: 'accepted', organizer: true },
          { ...ATTENDEE, email: 'carl@example.com', organizer: true },
        ],
      },
    ],
    [
      'an attendee without e-mail is dropped',
      { attendees: [{ displayName: 'ghost' }, { email: 'bob@example.com' }] },
      { attendees: [ATTENDEE] },
    ],
    [
      'reminders: overrides (sms dropped)',
      {
        reminders: {
          useDefault: false,
          overrides: [
            { method: 'popup', minutes: 10 },
            { method: 'email', minutes: 1440 },
            { method: 'sms', minutes: 5 },
          ],
        },
      },
      {
        reminders: {
          useDefault: false,
          overrides: [
            { method: 'popup', minutesBefore: 10 },
            { method: 'email', minutesBefore: 1440 },
          ],
        },
      },
    ],
    [
      'reminders absent → calendar default',
      { reminders: undefined },
      { reminders: { useDefault: true, overrides: [] } },
    ],
    [
      'Meet conference → google_meet',
      {
        hangoutLink: 'https://meet.google.com/abc-defg-hij',
        conferenceData: {
          conferenceId: 'abc-defg-hij',
          conferenceSolution: { key: { type: 'hangoutsMeet' } },
          entryPoints: [
            { entryPointType: 'phone', uri: 'tel:+1-555-0100' },
            { entryPointType: 'video', uri: 'https://meet.google.com/abc-defg-hij' },
          ],
        },
      },
      {
        meeting: {
          provider: 'google_meet',
          joinUrl: 'https://meet.google.com/abc-defg-hij',
          conferenceId: 'abc-defg-hij',
        },
      },
    ],
    [
      'Meet creation pending → the request marker',
      {
        conferenceData: {
          createRequest: {
            requestId: 'r1',
            conferenceSolutionKey: { type: 'hangoutsMeet' },
            status: { statusCode: 'pending' },
          },
        },
      },
      { meeting: GOOGLE_MEET_REQUEST },
    ],
    [
      'Meet creation failed → no meeting',
      {
        conferenceData: {
          createRequest: { requestId: 'r1', status: { statusCode: 'failure' } },
        },
      },
      { meeting: null },
    ],
    [
      'hangoutLink alone',
      { hangoutLink: 'https://meet.google.com/xyz-abcd-efg' },
      {
        meeting: {
          provider: 'google_meet',
          joinUrl: 'https://meet.google.com/xyz-abcd-efg',
          conferenceId: null,
        },
      },
    ],
    [
      'add-on conference (Zoom) by its URL',
      {
        conferenceData: {
          conferenceId: '123456',
          conferenceSolution: { key: { type: 'addOn' } },
          entryPoints: [{ entryPointType: 'video', uri: 'https://us02web.zoom.us/j/123456' }],
        },
      },
      {
        meeting: {
          provider: 'zoom',
          joinUrl: 'https://us02web.zoom.us/j/123456',
          conferenceId: '123456',
        },
      },
    ],
    [
      'a Calsync-written Zoom link: meeting from properties, location freed',
      {
        location: 'https://zoom.us/j/987',
        extendedProperties: {
          private: {
            calsyncMeetingUrl: 'https://zoom.us/j/987',
            calsyncMeetingProvider: 'zoom',
            calsyncMeetingId: '987',
          },
        },
      },
      {
        location: null,
        meeting: { provider: 'zoom', joinUrl: 'https://zoom.us/j/987', conferenceId: '987' },
      },
    ],
  ];

  test.each(rows)('%s', (_name, patch, expected) => {
    expect(inbound(patch).content).toEqual(normalizeContent({ ...BASE_CONTENT, ...expected }));
  });

  test('identity and bookkeeping fields', () => {
    const event = inbound({
      etag: '"42"',
      updated: '2026-03-02T08:00:00.123Z',
      iCalUID: 'abc@google.com',
      visibility: 'private',
      eventType: 'outOfOffice',
      extendedProperties: { private: { [APPOINTMENT_ID_PROPERTY]: 'apt_7' } },
    });
    expect(event).toMatchObject({
      externalId: 'evt00001',
      calendarId: 'primary',
      etag: '"42"',
      iCalUID: 'abc@google.com',
      seriesExternalId: null,
      originalStart: null,
      updatedAt: '2026-03-02T08:00:00.123Z',
      calsyncAppointmentId: 'apt_7',
      extraProperties: ['CLASS:PRIVATE', 'X-GOOGLE-EVENT-TYPE:outOfOffice'],
    });
  });

  test('an exception carries its series and original slot; its own recurrence is ignored', () => {
    const event = inbound({
      id: 'evt00001_20260317T140000Z',
      recurringEventId: 'evt00001',
      originalStartTime: { dateTime: '2026-03-17T10:00:00-04:00', timeZone: 'America/New_York' },
    });
    expect(event.seriesExternalId).toBe('evt00001');
    expect(event.originalStart).toEqual({ kind: 'instant', atUTC: '2026-03-17T14:00:00.000Z' });
    expect(event.content.recurrence).toBeNull();
  });

  test('a series past the recurrence limits is an issue, not an upsert', () => {
    const exdates = Array.from({ length: 1001 }, (_, i) =>
      new Date(Date.UTC(2026, 2, 11 + i, 14)).toISOString().replace(/[-:]|\.\d{3}/g, ''),
    );
    const refused = googleItemToChange(
      { ...BASE_ITEM, recurrence: ['RRULE:FREQ=DAILY', `EXDATE:${exdates.join(',')}`] },
      'primary',
      'UTC',
    );
    expect(refused).toMatchObject({
      kind: 'issue',
      issue: {
        externalId: 'evt00001',
        reason:
          'recurrence refused (too_many_exdates): 1001 EXDATE values; at most 1000 are accepted',
      },
    });
    const atCap = googleItemToChange(
      { ...BASE_ITEM, recurrence: ['RRULE:FREQ=DAILY', `EXDATE:${exdates.slice(1).join(',')}`] },
      'primary',
      'UTC',
    );
    expect(atCap.kind).toBe('change');
  });

  test('cancelled items are removals; a cancelled exception keeps its slot', () => {
    expect(googleItemToChange({ id: 'gone0001', status: 'cancelled' }, 'primary', 'UTC')).toEqual({
      kind: 'change',
      change: {
        kind: 'removed',
        externalId: 'gone0001',
        calendarId: 'primary',
        seriesExternalId: null,
        originalStart: null,
        reason: 'deleted',
        removedAt: null,
      },
    });
    const instance = googleItemToChange(
      {
        id: 'ser00001_20260317',
        status: 'cancelled',
        recurringEventId: 'ser00001',
        originalStartTime: { date: '2026-03-17' },
      },
      'primary',
      'UTC',
    );
    expect(instance).toMatchObject({
      change: {
        kind: 'removed',
        seriesExternalId: 'ser00001',
        originalStart: { kind: 'date', date: '2026-03-17' },
        reason: 'cancelled',
      },
    });
  });

  const malformed: [string, GoogleEvent][] = [
    ['no start', { start: undefined }],
    ['unparseable start', { start: { dateTime: 'not-a-date' } }],
    ['no id', { id: undefined }],
    ['no etag', { etag: undefined }],
    ['no updated', { updated: undefined }],
    ['unknown status', { status: 'archived' }],
    ['exception without originalStartTime', { recurringEventId: 'ser00001' }],
  ];
  test.each(malformed)('malformed (%s) → a PullIssue, never a throw', (_name, patch) => {
    const result = googleItemToChange({ ...BASE_ITEM, ...patch }, 'primary', 'UTC');
    expect(result.kind).toBe('issue');
    if (result.kind === 'issue') expect(result.issue.excerpt.length).toBeGreaterThan(0);
  });
});

const INSERT: OutboundOptions = {
  mode: 'insert',
  floatingZone: 'Europe/Berlin',
  appointmentId: 'apt_1',
  meetRequestId: 'meet-req-1',
  visibility: null,
};
const PATCH: OutboundOptions = { ...INSERT, mode: 'patch', appointmentId: null };

describe('canonical → Google, field by field', () => {
  const rows: [string, Partial<EventContent>, OutboundOptions, GoogleEvent][] = [
    [
      'title, description, location',
      { title: 'Review', description: 'Notes', location: 'Room 4' },
      INSERT,
      { summary: 'Review', description: 'Notes', location: 'Room 4' },
    ],
    [
      'zoned time with offset and zone',
      {},
      INSERT,
      {
        start: { dateTime: '2026-03-10T10:00:00-04:00', timeZone: 'America/New_York' },
        end: { dateTime: '2026-03-10T11:00:00-04:00', timeZone: 'America/New_York' },
      },
    ],
    [
      'all-day dates',
      { time: { kind: 'all_day', startDate: '2026-03-12', endDate: '2026-03-14' } },
      INSERT,
      { start: { date: '2026-03-12' }, end: { date: '2026-03-14' } },
    ],
    [
      'a PATCH switching to all-day clears dateTime and timeZone',
      { time: { kind: 'all_day', startDate: '2026-03-12', endDate: '2026-03-13' } },
      PATCH,
      {
        start: { date: '2026-03-12', dateTime: null, timeZone: null },
        end: { date: '2026-03-13', dateTime: null, timeZone: null },
      },
    ],
    [
      'floating time pinned to the configured zone',
      {
        time: {
          kind: 'floating',
          startsAtLocal: '2026-03-10T09:00:00',
          endsAtLocal: '2026-03-10T10:00:00',
        },
      },
      INSERT,
      {
        start: { dateTime: '2026-03-10T09:00:00+01:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-03-10T10:00:00+01:00', timeZone: 'Europe/Berlin' },
      },
    ],
    [
      'recurrence: a local UNTIL becomes UTC',
      { recurrence: { lines: ['RRULE:FREQ=DAILY;UNTIL=20260312T100000'] } },
      INSERT,
      { recurrence: ['RRULE:FREQ=DAILY;UNTIL=20260312T140000Z'] },
    ],
    [
      'attendees with RSVP, name, optional, resource',
      {
        attendees: [
          { ...ATTENDEE, responseStatus: 'accepted', name: 'Bob' },
          { ...ATTENDEE, email: 'room@example.com', optional: true, resource: true },
        ],
      },
      INSERT,
      {
        attendees: [
          { email: 'bob@example.com', displayName: 'Bob', responseStatus: 'accepted' },
          {
            email: 'room@example.com',
            optional: true,
            resource: true,
            responseStatus: 'needsAction',
          },
        ],
      },
    ],
    ['status', { status: 'tentative' }, INSERT, { status: 'tentative' }],
    ['transparency', { transparency: 'transparent' }, INSERT, { transparency: 'transparent' }],
    [
      'default reminders clear overrides',
      {},
      PATCH,
      { reminders: { useDefault: true, overrides: [] } },
    ],
    [
      'reminder overrides: at most 5, minutes clamped to 0..40320',
      {
        reminders: {
          useDefault: false,
          overrides: [
            { method: 'popup', minutesBefore: 5 },
            { method: 'email', minutesBefore: 50_000 },
            { method: 'popup', minutesBefore: -3 },
            { method: 'popup', minutesBefore: 30 },
            { method: 'popup', minutesBefore: 60 },
            { method: 'popup', minutesBefore: 120 },
          ],
        },
      },
      INSERT,
      {
        reminders: {
          useDefault: false,
          overrides: [
            { method: 'popup', minutes: 5 },
            { method: 'email', minutes: 40_320 },
            { method: 'popup', minutes: 0 },
            { method: 'popup', minutes: 30 },
            { method: 'popup', minutes: 60 },
          ],
        },
      },
    ],
    [
      'appointment id in private extended properties',
      {},
      INSERT,
      { extendedProperties: { private: { [APPOINTMENT_ID_PROPERTY]: 'apt_1' } } },
    ],
    [
      'a Meet request → createRequest',
      { meeting: GOOGLE_MEET_REQUEST },
      INSERT,
      {
        conferenceData: {
          createRequest: {
            requestId: 'meet-req-1',
            conferenceSolutionKey: { type: 'hangoutsMeet' },
          },
        },
      },
    ],
    [
      'a known Meet link is copied',
      {
        meeting: {
          provider: 'google_meet',
          joinUrl: 'https://meet.google.com/abc-defg-hij',
          conferenceId: 'abc-defg-hij',
        },
      },
      INSERT,
      {
        conferenceData: {
          conferenceId: 'abc-defg-hij',
          conferenceSolution: { key: { type: 'hangoutsMeet' } },
          entryPoints: [{ entryPointType: 'video', uri: 'https://meet.google.com/abc-defg-hij' }],
        },
      },
    ],
    [
      'a Zoom link goes to location and private properties',
      { meeting: { provider: 'zoom', joinUrl: 'https://zoom.us/j/987', conferenceId: '987' } },
      INSERT,
      {
        location: 'https://zoom.us/j/987',
        extendedProperties: {
          private: {
            [APPOINTMENT_ID_PROPERTY]: 'apt_1',
            calsyncMeetingUrl: 'https://zoom.us/j/987',
            calsyncMeetingProvider: 'zoom',
            calsyncMeetingId: '987',
          },
        },
      },
    ],
    [
      'PATCH without a meeting removes conference and stored link',
      {},
      PATCH,
      {
        conferenceData: null as unknown as undefined,
        extendedProperties: {
          private: {
            calsyncMeetingUrl: null,
            calsyncMeetingProvider: null,
            calsyncMeetingId: null,
          } as unknown as Record<string, string>,
        },
      },
    ],
    ['visibility on insert', {}, { ...INSERT, visibility: 'private' }, { visibility: 'private' }],
  ];

  test.each(rows)('%s', (_name, patch, options, expected) => {
    expect(contentToGoogleEvent({ ...BASE_CONTENT, ...patch }, options)).toMatchObject(expected);
  });

  test('insert omits what is empty; PATCH sends nulls to clear', () => {
    const inserted = contentToGoogleEvent(BASE_CONTENT, INSERT);
    for (const key of ['description', 'location', 'recurrence', 'conferenceData', 'visibility']) {
      expect(inserted).not.toHaveProperty(key);
    }
    const patched = contentToGoogleEvent(BASE_CONTENT, PATCH);
    expect(patched).toMatchObject({
      description: null,
      location: null,
      recurrence: null,
      conferenceData: null,
      attendees: [],
    });
    expect(patched).not.toHaveProperty('visibility');
  });
});

describe('round trip canonical → Google → canonical', () => {
  const contents: [string, Partial<EventContent>][] = [
    ['plain', {}],
    [
      'everything',
      {
        description: 'Line 1\nLine 2',
        location: 'Room 4',
        recurrence: { lines: ['RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3'] },
        attendees: [
          { ...ATTENDEE, responseStatus: 'accepted', name: 'Bob' },
          { ...ATTENDEE, email: 'carl@example.com', optional: true },
        ],
        status: 'tentative',
        reminders: { useDefault: false, overrides: [{ method: 'email', minutesBefore: 60 }] },
        transparency: 'transparent',
      },
    ],
    ['all day', { time: { kind: 'all_day', startDate: '2026-03-12', endDate: '2026-03-13' } }],
    [
      'zoom link',
      { meeting: { provider: 'zoom', joinUrl: 'https://zoom.us/j/1', conferenceId: '1' } },
    ],
    [
      'meet link',
      {
        meeting: {
          provider: 'google_meet',
          joinUrl: 'https://meet.google.com/abc-defg-hij',
          conferenceId: 'abc-defg-hij',
        },
      },
    ],
  ];
  test.each(contents)('%s', (_name, patch) => {
    const content = normalizeContent({ ...BASE_CONTENT, ...patch });
    const body = contentToGoogleEvent(content, INSERT);
    const back = inbound({ ...body, id: 'evt00001', etag: '"1"', updated: BASE_ITEM.updated });
    expect(back.content).toEqual(content);
    expect(back.calsyncAppointmentId).toBe('apt_1');
  });
});

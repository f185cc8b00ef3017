import type { EventContent } from '@calsync/core';
import type { GraphEvent } from '../../src/index.js';
import { APPOINTMENT_ID_PROPERTY, graphEventToRemote } from '../../src/index.js';

/** A Graph event with every field the adapter reads set. */
export const base: GraphEvent = {
  '@odata.etag': 'W/"ck1"',
  id: 'AAMkEvent1',
  type: 'singleInstance',
  changeKey: 'ck1',
  createdDateTime: '2026-03-01T08:00:00.0000000Z',
  lastModifiedDateTime: '2026-03-01T09:30:00.1230000Z',
  iCalUId: '040000008200E00074C5B7101A82E008AB',
  subject: 'Design review',
  body: { contentType: 'text', content: 'Agenda\r\n1. Intro\r\n\r\n' },
  start: { dateTime: '2026-03-10T14:00:00.0000000', timeZone: 'UTC' },
  end: { dateTime: '2026-03-10T15:00:00.0000000', timeZone: 'UTC' },
  originalStartTimeZone: 'Eastern Standard Time',
  isAllDay: false,
  isCancelled: false,
  isReminderOn: true,
  reminderMinutesBeforeStart: 15,
  importance: 'high',
  sensitivity: 'private',
  showAs: 'busy',
  categories: ['Red category', 'Work, important'],
  location: { displayName: 'Room 4' },
  organizer: { emailAddress: { name: 'Ann Lee', address: 'Ann@Contoso.test' } },
  attendees: [
    {
      type: 'required',
      status: { response: 'accepted' },
      emailAddress: { name: 'Bob', address: 'BOB@contoso.test' },
    },
    {
      type: 'optional',
      status: { response: 'tentativelyAccepted' },
      emailAddress: { name: 'cy@contoso.test', address: 'cy@contoso.test' },
    },
    {
      type: 'resource',
      status: { response: 'none' },
      emailAddress: { name: 'Room 4', address: 'room4@contoso.test' },
    },
    {
      type: 'required',
      status: { response: 'declined' },
      emailAddress: { address: 'dee@contoso.test' },
    },
    {
      type: 'required',
      status: { response: 'notResponded' },
      emailAddress: { address: 'ann@contoso.test' },
    },
  ],
  transactionId: 'calsync-abc',
  singleValueExtendedProperties: [{ id: APPOINTMENT_ID_PROPERTY.toLowerCase(), value: 'apt-7' }],
};

export function mapped(event: GraphEvent) {
  const result = graphEventToRemote(event, 'cal-1');
  if (result.kind !== 'event') throw new Error(result.issue.reason);
  return result.event;
}

/** Canonical content with every field set. */
export const content: EventContent = {
  title: 'Design review',
  description: 'Agenda',
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
      name: 'Ann',
      responseStatus: 'accepted',
      optional: false,
      organizer: true,
      resource: false,
    },
    {
      email: 'bob@contoso.test',
      name: null,
      responseStatus: 'tentative',
      optional: true,
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
  reminders: {
    useDefault: false,
    overrides: [
      { method: 'popup', minutesBefore: 10 },
      { method: 'email', minutesBefore: 60 },
    ],
  },
  transparency: 'opaque',
};

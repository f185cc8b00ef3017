import type {
  Appointment,
  EventContent,
  EventLink,
  RemoteChange,
  RemoteEvent,
  ReconcileInput,
} from '../src/index.js';
import { normalizeContent } from '../src/index.js';

export const T0 = '2026-03-01T10:00:00.000Z';
export const T1 = '2026-03-02T10:00:00.000Z';
export const T2 = '2026-03-03T10:00:00.000Z';
export const T3 = '2026-03-04T10:00:00.000Z';

export function content(overrides: Partial<EventContent> = {}): EventContent {
  return normalizeContent({
    title: 'Interview',
    description: 'Round 1',
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
        email: 'ann@example.com',
        name: 'Ann',
        responseStatus: 'accepted',
        optional: false,
        organizer: true,
        resource: false,
      },
    ],
    status: 'confirmed',
    meeting: null,
    reminders: { useDefault: true, overrides: [] },
    transparency: 'opaque',
    ...overrides,
  });
}

export function appointment(c: EventContent, overrides: Partial<Appointment> = {}): Appointment {
  return {
    ...c,
    id: 'apt-1',
    uid: 'uid-1',
    hostRef: 'host-1',
    source: 'host',
    seriesAppointmentId: null,
    originalStart: null,
    version: 1,
    updatedAt: T0,
    deletedAt: null,
    extraProperties: [],
    ...overrides,
  };
}

export function link(base: EventContent | null, overrides: Partial<EventLink> = {}): EventLink {
  return {
    appointmentId: 'apt-1',
    connectionId: 'conn-1',
    calendarId: 'cal-1',
    externalEventId: 'ext-1',
    iCalUID: 'uid-1',
    seriesExternalId: null,
    originalStart: null,
    etag: '"1"',
    base,
    remoteUpdatedAt: T0,
    state: 'synced',
    idempotencyKey: null,
    ...overrides,
  };
}

export function remote(c: EventContent, overrides: Partial<RemoteEvent> = {}): RemoteEvent {
  return {
    externalId: 'ext-1',
    calendarId: 'cal-1',
    etag: '"2"',
    iCalUID: 'uid-1',
    seriesExternalId: null,
    originalStart: null,
    updatedAt: T1,
    calsyncAppointmentId: null,
    content: c,
    extraProperties: [],
    ...overrides,
  };
}

export function upsert(event: RemoteEvent): RemoteChange {
  return { kind: 'upsert', event };
}

export function removed(externalId = 'ext-1', removedAt: string | null = T2): RemoteChange {
  return {
    kind: 'removed',
    externalId,
    calendarId: 'cal-1',
    seriesExternalId: null,
    originalStart: null,
    reason: 'deleted',
    removedAt,
  };
}

export function input(
  overrides: Partial<ReconcileInput> & Pick<ReconcileInput, 'change'>,
): ReconcileInput {
  return {
    connectionId: 'conn-1',
    provider: 'google',
    link: null,
    appointment: null,
    seriesAppointment: null,
    policy: { direction: 'bidirectional', removal: 'soft_delete', privacy: 'full', window: null },
    now: T3,
    newAppointmentId: () => 'apt-new',
    ...overrides,
  };
}

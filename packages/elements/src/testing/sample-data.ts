import { addDays, instantOf, mondayOfWeek } from '../availability/time-zone.js';
import type { BusyPeriod, Conflict, Integration } from '../core/client.js';
import type { FakeClientData } from './fake-client.js';

/** Options of {@link sampleData}. */
export interface SampleDataOptions {
  /** "Now" for relative times and the week of busy blocks. */
  now?: Date;
  /** The zone the busy blocks are laid out in (a 9-to-5 week there). */
  timeZone?: string;
}

const minutesAgo = (now: Date, minutes: number): string =>
  new Date(now.getTime() - minutes * 60_000).toISOString();

/** A busy block on `weekday` (0 = Monday) of the week of `now`, in wall-clock hours. */
function block(
  now: Date,
  timeZone: string,
  weekday: number,
  [startHour, startMinute]: [number, number],
  [endHour, endMinute]: [number, number],
  source: string,
): BusyPeriod {
  const day = addDays(mondayOfWeek(now, timeZone), weekday);
  return {
    start: instantOf({ ...day, hour: startHour, minute: startMinute }, timeZone).toISOString(),
    end: instantOf({ ...day, hour: endHour, minute: endMinute }, timeZone).toISOString(),
    source,
  };
}

/**
 * A believable account: Google connected and synced four minutes ago, four calendars, two open
 * conflicts, some recent activity and one failure, and a busy working week.
 *
 * @example
 * const client = createFakeClient(sampleData({ now: new Date('2026-03-04T10:00:00Z') }));
 */
export function sampleData(options: SampleDataOptions = {}): Required<FakeClientData> {
  const now = options.now ?? new Date();
  const zone = options.timeZone ?? 'UTC';
  const google: Integration = {
    id: 'int-google-1',
    provider: 'google',
    userId: 'user-42',
    calendarName: 'ann@example.com',
    accountEmail: 'ann@example.com',
    syncStatus: 'active',
    statusReason: null,
    lastSyncAt: minutesAgo(now, 4),
    nextSyncAt: null,
  };
  const conflicts: Conflict[] = [
    {
      id: 'conf-1',
      appointmentId: 'appt-1',
      fields: ['title', 'time'],
      conflictReason: 'both_modified',
      autoResolution: 'kept_external',
      resolution: null,
      status: 'open',
      detectedAt: minutesAgo(now, 25),
      internalVersion: {
        title: 'Intro call with Priya',
        description: 'Booked through the website.',
        location: 'Zoom',
        time: {
          kind: 'zoned',
          startsAtUTC: '2026-03-05T14:00:00Z',
          endsAtUTC: '2026-03-05T14:30:00Z',
          timeZone: 'Europe/Berlin',
        },
        status: 'confirmed',
      },
      externalVersion: {
        title: 'Intro call — Priya (moved)',
        description: 'Booked through the website.',
        location: 'Zoom',
        time: {
          kind: 'zoned',
          startsAtUTC: '2026-03-05T15:00:00Z',
          endsAtUTC: '2026-03-05T15:45:00Z',
          timeZone: 'Europe/Berlin',
        },
        status: 'confirmed',
      },
    },
    {
      id: 'conf-2',
      appointmentId: 'appt-2',
      fields: ['location'],
      conflictReason: 'both_modified',
      autoResolution: 'kept_external',
      resolution: null,
      status: 'open',
      detectedAt: minutesAgo(now, 90),
      internalVersion: {
        title: 'Quarterly review',
        location: 'Room 4.12',
        time: { kind: 'all_day', startDate: '2026-03-06', endDate: '2026-03-07' },
      },
      externalVersion: {
        title: 'Quarterly review',
        location: 'Main boardroom',
        time: { kind: 'all_day', startDate: '2026-03-06', endDate: '2026-03-07' },
      },
    },
  ];
  return {
    integrations: [google],
    calendars: {
      [google.id]: [
        {
          id: 'cal-work',
          name: 'ann@example.com',
          role: 'primary',
          accessRole: 'owner',
          timeZone: zone,
          selected: true,
          destination: true,
        },
        {
          id: 'cal-team',
          name: 'Team offsites',
          role: 'shared',
          accessRole: 'writer',
          timeZone: zone,
          selected: true,
          destination: false,
        },
        {
          id: 'cal-family',
          name: 'Family',
          role: 'shared',
          accessRole: 'writer',
          timeZone: zone,
          selected: false,
          destination: false,
        },
        {
          id: 'cal-holidays',
          name: 'Public holidays',
          role: 'other',
          accessRole: 'reader',
          timeZone: zone,
          selected: true,
          destination: false,
        },
      ],
    },
    syncStatus: {
      [google.id]: {
        syncStatus: 'active',
        lastSyncAt: google.lastSyncAt,
        progress: null,
        recentEvents: [
          {
            eventType: 'updated',
            direction: 'inbound',
            status: 'success',
            processedAt: minutesAgo(now, 4),
          },
          {
            eventType: 'created',
            direction: 'outbound',
            status: 'success',
            processedAt: minutesAgo(now, 12),
          },
          {
            eventType: 'deleted',
            direction: 'inbound',
            status: 'success',
            processedAt: minutesAgo(now, 48),
          },
        ],
      },
    },
    conflicts: { [google.id]: conflicts },
    attempts: {
      [google.id]: [
        {
          id: 'att-1',
          operation: 'push',
          status: 'fail',
          errorClass: 'rate_limited',
          errorMessage: 'Google asked us to slow down; retried later.',
          startedAt: minutesAgo(now, 130),
          finishedAt: minutesAgo(now, 129),
        },
      ],
    },
    busy: [
      block(now, zone, 0, [9, 0], [10, 0], 'google'),
      block(now, zone, 0, [13, 30], [14, 30], 'appointment'),
      block(now, zone, 1, [11, 0], [12, 30], 'google'),
      block(now, zone, 2, [9, 30], [10, 0], 'appointment'),
      block(now, zone, 2, [15, 0], [17, 0], 'google'),
      block(now, zone, 3, [10, 0], [11, 0], 'google'),
      block(now, zone, 3, [14, 0], [14, 45], 'appointment'),
      block(now, zone, 4, [9, 0], [12, 0], 'google'),
    ],
    fetchedAt: minutesAgo(now, 4),
  };
}

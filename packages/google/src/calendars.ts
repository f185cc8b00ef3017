import type { RemoteCalendar } from '@calsync/core';
import type { calendar_v3 } from '@googleapis/calendar';
import type { GoogleCalendarClient } from './client.js';
import { GOOGLE_LIMITS } from './endpoints.js';

/** Google `accessRole` → canonical role. */
export const ACCESS_ROLE_FROM_GOOGLE: Readonly<Record<string, RemoteCalendar['accessRole']>> = {
  owner: 'owner',
  writer: 'writer',
  reader: 'reader',
  freeBusyReader: 'free_busy',
};

/**
 * One calendarList entry as a {@link RemoteCalendar}; `null` for deleted entries and unknown
 * roles. The user's own name for a calendar (`summaryOverride`) wins over the owner's.
 *
 * @example
 * calendarFromGoogle({ id: 'team@group.calendar.google.com', summary: 'Team', accessRole: 'reader' })
 * // { calendarId: 'team@…', name: 'Team', primary: false, accessRole: 'reader', … }
 */
export function calendarFromGoogle(
  entry: calendar_v3.Schema$CalendarListEntry,
): RemoteCalendar | null {
  const accessRole = ACCESS_ROLE_FROM_GOOGLE[entry.accessRole ?? ''];
  if (!entry.id || accessRole === undefined || entry.deleted === true) return null;
  return {
    calendarId: entry.id,
    name: entry.summaryOverride ?? entry.summary ?? entry.id,
    primary: entry.primary === true,
    accessRole,
    timeZone: entry.timeZone ?? null,
    color: entry.backgroundColor ?? null,
  };
}

/** Every calendar on the user's list (their own, shared and subscribed ones), all pages. */
export async function listCalendars(client: GoogleCalendarClient): Promise<RemoteCalendar[]> {
  const calendars: RemoteCalendar[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.call((api, options) =>
      api.calendarList.list(
        {
          maxResults: GOOGLE_LIMITS.calendarListPageSize,
          showHidden: true,
          ...(pageToken === undefined ? {} : { pageToken }),
        },
        options,
      ),
    );
    for (const entry of page.items ?? []) {
      const calendar = calendarFromGoogle(entry);
      if (calendar !== null) calendars.push(calendar);
    }
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken !== undefined);
  return calendars;
}

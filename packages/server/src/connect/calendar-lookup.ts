import type { Db } from '../db/connect.js';
import type { CalendarRow } from '../store/calendars.js';

/** A connection's calendar by the provider's id. */
export async function findCalendarByProviderId(
  db: Db,
  connectionId: string,
  providerCalendarId: string,
): Promise<CalendarRow | undefined> {
  const [row] = await db<CalendarRow[]>`
    select * from calendars
    where connection_id = ${connectionId} and provider_calendar_id = ${providerCalendarId}`;
  return row;
}

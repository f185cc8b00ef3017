import type { PageCheckpoint, RemoteCalendar } from '@calsync/core';
import type { Db } from '../db/connect.js';

/** One external calendar of a connection, as stored. */
export interface CalendarRow {
  id: string;
  tenant_id: string;
  connection_id: string;
  provider_calendar_id: string;
  name: string;
  role: 'primary' | 'shared' | 'delegated' | 'room' | 'other';
  access_role: 'owner' | 'writer' | 'reader' | 'free_busy_reader';
  time_zone: string | null;
  color: string | null;
  selected: boolean;
  destination: boolean;
  sync_cursor: string | null;
  cursor_updated_at: Date | null;
  page_checkpoint: PageCheckpoint | null;
  next_poll_at: Date | null;
  last_pulled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function accessRoleOf(remote: RemoteCalendar): CalendarRow['access_role'] {
  return remote.accessRole === 'free_busy' ? 'free_busy_reader' : remote.accessRole;
}

/**
 * Stores what `listCalendars` returned. New calendars start unselected except the primary one,
 * which is selected and (when writable and the connection has none yet) the destination.
 * Known calendars keep the user's selection; their name, role and zone are refreshed.
 */
export async function upsertCalendars(
  db: Db,
  input: {
    tenantId: string;
    connectionId: string;
    calendars: readonly RemoteCalendar[];
    now: Date;
  },
): Promise<CalendarRow[]> {
  const [existing] = await db<{ n: number }[]>`
    select count(*)::int as n from calendars
    where connection_id = ${input.connectionId} and destination`;
  let destinationTaken = (existing?.n ?? 0) > 0;
  const rows: CalendarRow[] = [];
  for (const remote of input.calendars) {
    const accessRole = accessRoleOf(remote);
    const writable = accessRole === 'owner' || accessRole === 'writer';
    const destination = remote.primary && writable && !destinationTaken;
    destinationTaken ||= destination;
    const [row] = await db<CalendarRow[]>`
      insert into calendars (tenant_id, connection_id, provider_calendar_id, name, role,
        access_role, time_zone, color, selected, destination, next_poll_at, created_at, updated_at)
      values (${input.tenantId}, ${input.connectionId}, ${remote.calendarId}, ${remote.name},
        ${remote.primary ? 'primary' : 'other'}, ${accessRole}, ${remote.timeZone}, ${remote.color},
        ${remote.primary}, ${destination}, ${input.now}, ${input.now}, ${input.now})
      on conflict (connection_id, provider_calendar_id) do update
      set name = excluded.name, access_role = excluded.access_role, time_zone = excluded.time_zone,
          color = excluded.color, updated_at = excluded.updated_at,
          destination = calendars.destination and excluded.access_role in ('owner', 'writer')
      returning *`;
    rows.push(row!);
  }
  return rows;
}

/** A connection's calendars, primary first. */
export async function listCalendars(db: Db, connectionId: string): Promise<CalendarRow[]> {
  return db<CalendarRow[]>`
    select * from calendars where connection_id = ${connectionId}
    order by role = 'primary' desc, name, id`;
}

/**
 * One page of a connection's calendars in {@link listCalendars}' order (primary first, then by
 * name and id): at most `limit` rows after the calendar `afterId` (a name can be any length, so the
 * keyset is read from that row rather than carried in a cursor). The caller checks that
 * `afterId` is a calendar of the connection.
 */
export async function listCalendarsPage(
  db: Db,
  query: { connectionId: string; limit: number; afterId: string | null },
): Promise<CalendarRow[]> {
  const rank = db`case when role = 'primary' then 0 else 1 end`;
  return db<CalendarRow[]>`
    select * from calendars where connection_id = ${query.connectionId}
      ${
        query.afterId
          ? db`and (${rank}, name, id) > (
              select ${rank}, name, id from calendars
              where id = ${query.afterId} and connection_id = ${query.connectionId})`
          : db``
      }
    order by ${rank}, name, id limit ${query.limit}`;
}

/** Finds a calendar by id. */
export async function findCalendar(db: Db, id: string): Promise<CalendarRow | undefined> {
  const [row] = await db<CalendarRow[]>`select * from calendars where id = ${id}`;
  return row;
}

/** The calendar new appointments are exported into, if the connection has one. */
export async function findDestinationCalendar(
  db: Db,
  connectionId: string,
): Promise<CalendarRow | undefined> {
  const [row] = await db<CalendarRow[]>`
    select * from calendars where connection_id = ${connectionId} and destination`;
  return row;
}

/**
 * Changes selection: `destination: true` moves the connection's single destination here (the
 * previous one is cleared in the same statement, so the unique index never sees two).
 */
export async function updateCalendarSelection(
  db: Db,
  input: {
    connectionId: string;
    calendarId: string;
    selected?: boolean;
    destination?: boolean;
    now: Date;
  },
): Promise<CalendarRow | undefined> {
  if (input.destination) {
    await db`
      update calendars set destination = false, updated_at = ${input.now}
      where connection_id = ${input.connectionId} and destination and id <> ${input.calendarId}`;
  }
  const [row] = await db<CalendarRow[]>`
    update calendars
    set selected = coalesce(${input.selected ?? null}::boolean, selected),
        destination = coalesce(${input.destination ?? null}::boolean, destination),
        updated_at = ${input.now}
    where id = ${input.calendarId} and connection_id = ${input.connectionId}
    returning *`;
  return row;
}

/** Stores where an unfinished pull round resumes. */
export async function saveCheckpoint(
  db: Db,
  id: string,
  checkpoint: PageCheckpoint,
  now: Date,
): Promise<void> {
  await db`
    update calendars set page_checkpoint = ${db.json(checkpoint as never)}, updated_at = ${now}
    where id = ${id}`;
}

/** Stores the cursor of a finished round and clears the checkpoint. */
export async function saveCursor(db: Db, id: string, cursor: string, now: Date): Promise<void> {
  await db`
    update calendars
    set sync_cursor = ${cursor}, cursor_updated_at = ${now}, page_checkpoint = null,
        last_pulled_at = ${now}, updated_at = ${now}
    where id = ${id}`;
}

/** Drops cursor and checkpoint: the next pull is a full sync of the window. */
export async function clearCursor(db: Db, id: string, now: Date): Promise<void> {
  await db`
    update calendars
    set sync_cursor = null, cursor_updated_at = ${now}, page_checkpoint = null, updated_at = ${now}
    where id = ${id}`;
}

/** Plans the next poll of a calendar. */
export async function setNextPollAt(db: Db, id: string, at: Date): Promise<void> {
  await db`update calendars set next_poll_at = ${at} where id = ${id}`;
}

/** A selected calendar due for a poll, with what its pull job needs. */
export interface DueCalendar {
  id: string;
  connection_id: string;
}

/**
 * Claims up to `limit` selected calendars of syncing connections whose poll is due (index
 * `calendars_due`), moving each one's `next_poll_at` to `nextPollAt(calendar)` in the same transaction
 * so two schedulers never claim the same calendar.
 */
export async function claimDueCalendars(
  db: Db,
  input: { now: Date; limit: number; nextPollAt: (calendar: DueCalendar) => Promise<Date> },
): Promise<DueCalendar[]> {
  const due = await db<DueCalendar[]>`
    select c.id, c.connection_id from calendars c
    join connections k on k.id = c.connection_id
    where c.selected and c.next_poll_at <= ${input.now}
      and k.status in ('active', 'error') and k.sync_enabled
    order by c.next_poll_at
    limit ${input.limit}
    for update of c skip locked`;
  for (const calendar of due) {
    await setNextPollAt(db, calendar.id, await input.nextPollAt(calendar));
  }
  return due;
}

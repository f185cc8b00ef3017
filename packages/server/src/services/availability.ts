import { expandSeries, type SeriesOverride } from '@calsync/core';
import type { Db } from '../db/connect.js';
import { rowContent, type AppointmentRow } from '../store/appointments.js';
import { listBusyBlocks } from '../store/busy-blocks.js';

/** One busy interval and where it comes from: a calendar of a connection, or an appointment. */
export interface BusyPeriod {
  start: string;
  end: string;
  /** `calendar:<connection id>:<provider calendar id>` or `appointment:<id>`. */
  source: string;
}

function overlaps(start: number, end: number, from: Date, to: Date): boolean {
  return end > from.getTime() && start < to.getTime();
}

/** Instants of an appointment's time; all-day and floating read as UTC (the user's zone is unknown here). */
function instantRange(row: AppointmentRow): [number, number] {
  const time = rowContent(row).time;
  if (time.kind === 'zoned') return [Date.parse(time.startsAtUTC), Date.parse(time.endsAtUTC)];
  if (time.kind === 'all_day')
    return [Date.parse(`${time.startDate}T00:00:00Z`), Date.parse(`${time.endDate}T00:00:00Z`)];
  return [Date.parse(`${time.startsAtLocal}Z`), Date.parse(`${time.endsAtLocal}Z`)];
}

/** The user's own appointments that block time in the window, series expanded. */
async function appointmentBusy(
  db: Db,
  userId: string,
  from: Date,
  to: Date,
): Promise<BusyPeriod[]> {
  const rows = await db<AppointmentRow[]>`
    select id, time_kind, starts_at, ends_at, start_date::text, end_date::text,
      to_char(start_local, 'YYYY-MM-DD"T"HH24:MI:SS') as start_local,
      to_char(end_local, 'YYYY-MM-DD"T"HH24:MI:SS') as end_local, time_zone, recurrence, series_id,
      original_start, status, transparency, title, description, location, attendees, reminders,
      meeting
    from appointments
    where user_id = ${userId} and deleted_at is null and transparency = 'opaque'
      and (cardinality(recurrence) > 0 or series_id is not null
           or coalesce(ends_at, end_date::timestamptz, end_local::timestamptz) > ${from}
              and coalesce(starts_at, start_date::timestamptz, start_local::timestamptz) < ${to})`;
  const overrides = new Map<string, SeriesOverride[]>();
  for (const row of rows) {
    if (!row.series_id || !row.original_start) continue;
    const list = overrides.get(row.series_id) ?? [];
    list.push({
      originalStart: row.original_start,
      time: rowContent(row).time,
      status: row.status,
    });
    overrides.set(row.series_id, list);
  }
  const busy: BusyPeriod[] = [];
  for (const row of rows) {
    if (row.recurrence.length > 0) {
      const { occurrences } = expandSeries({
        time: rowContent(row).time,
        recurrence: { lines: row.recurrence },
        window: { startsAtUTC: from.toISOString(), endsAtUTC: to.toISOString() },
        overrides: overrides.get(row.id) ?? [],
        maxInstances: 5000,
      });
      for (const o of occurrences) {
        if (o.overridden) continue;
        const t = o.time;
        if (t.kind !== 'zoned') continue;
        busy.push({ start: t.startsAtUTC, end: t.endsAtUTC, source: `appointment:${row.id}` });
      }
      continue;
    }
    if (row.status === 'cancelled') continue;
    const [start, end] = instantRange(row);
    if (end > start && overlaps(start, end, from, to)) {
      busy.push({
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
        source: `appointment:${row.id}`,
      });
    }
  }
  return busy;
}

/**
 * Busy time of a user in `[from, to)`: the cached free/busy of every selected calendar plus the
 * user's own appointments, sorted by start.
 */
export async function userBusy(
  db: Db,
  userId: string,
  from: Date,
  to: Date,
): Promise<{ busy: BusyPeriod[]; fetchedAt: Date | null }> {
  const blocks = await listBusyBlocks(db, { userId, from, to });
  const selected = await db<{ id: string; connection_id: string; provider_calendar_id: string }[]>`
    select c.id, c.connection_id, c.provider_calendar_id from calendars c
    join connections k on k.id = c.connection_id
    where k.user_id = ${userId} and k.status <> 'disconnected' and c.selected`;
  const calendarSource = new Map(
    selected.map((c) => [c.id, `calendar:${c.connection_id}:${c.provider_calendar_id}`]),
  );
  const fromCalendars: BusyPeriod[] = blocks
    .filter((b) => calendarSource.has(b.calendar_id))
    .map((b) => ({
      start: b.starts_at.toISOString(),
      end: b.ends_at.toISOString(),
      source: calendarSource.get(b.calendar_id)!,
    }));
  const fetchedAt = blocks.reduce<Date | null>(
    (latest, b) => (!latest || b.fetched_at > latest ? b.fetched_at : latest),
    null,
  );
  const busy = [...fromCalendars, ...(await appointmentBusy(db, userId, from, to))].sort(
    (a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end),
  );
  return { busy, fetchedAt };
}

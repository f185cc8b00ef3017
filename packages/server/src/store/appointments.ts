import type {
  Appointment,
  AppointmentSource,
  Attendee,
  EventContent,
  EventTime,
  MeetingLink,
  OriginalStart,
  Reminders,
} from '@calsync/core';
import type { Db } from '../db/connect.js';

/** How an appointment is meant to be attended; a host-side fact no provider models. */
export type LocationType = 'in_person' | 'virtual' | 'phone';

/** An appointment as stored. */
export interface AppointmentRow {
  id: string;
  tenant_id: string;
  user_id: string;
  uid: string;
  host_ref: string | null;
  source: AppointmentSource;
  sync_source: 'google' | 'microsoft' | 'caldav' | null;
  title: string;
  description: string | null;
  location: string | null;
  location_type: LocationType;
  time_kind: 'instant' | 'all_day' | 'floating';
  starts_at: Date | null;
  ends_at: Date | null;
  start_date: string | null;
  end_date: string | null;
  start_local: string | null;
  end_local: string | null;
  time_zone: string | null;
  recurrence: string[];
  series_id: string | null;
  original_start: OriginalStart | null;
  attendees: Attendee[];
  reminders: Reminders;
  status: 'confirmed' | 'tentative' | 'cancelled';
  meeting: MeetingLink | null;
  transparency: 'opaque' | 'transparent';
  extra_properties: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** Columns every query returns: dates as ISO strings, local times without a zone. */
const SELECT = `
  id, tenant_id, user_id, uid, host_ref, source, sync_source, title, description, location,
  location_type, time_kind, starts_at, ends_at, start_date::text, end_date::text,
  to_char(start_local, 'YYYY-MM-DD"T"HH24:MI:SS') as start_local,
  to_char(end_local, 'YYYY-MM-DD"T"HH24:MI:SS') as end_local, time_zone, recurrence, series_id,
  original_start, attendees, reminders, status, meeting, transparency, extra_properties, version,
  created_at, updated_at, deleted_at`;

/** The canonical appointment of a row. */
export function toAppointment(row: AppointmentRow): Appointment {
  return {
    id: row.id,
    uid: row.uid,
    hostRef: row.host_ref,
    source: row.source,
    seriesAppointmentId: row.series_id,
    originalStart: row.original_start,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
    extraProperties: row.extra_properties,
    ...rowContent(row),
  };
}

/** The syncable content of a row. */
export function rowContent(row: AppointmentRow): EventContent {
  return {
    title: row.title,
    description: row.description,
    location: row.location,
    time: rowTime(row),
    recurrence: row.recurrence.length ? { lines: row.recurrence } : null,
    attendees: row.attendees,
    status: row.status,
    meeting: row.meeting,
    reminders: row.reminders,
    transparency: row.transparency,
  };
}

function rowTime(row: AppointmentRow): EventTime {
  switch (row.time_kind) {
    case 'instant':
      return {
        kind: 'zoned',
        startsAtUTC: row.starts_at!.toISOString(),
        endsAtUTC: row.ends_at!.toISOString(),
        timeZone: row.time_zone ?? 'UTC',
      };
    case 'all_day':
      return { kind: 'all_day', startDate: row.start_date!, endDate: row.end_date! };
    case 'floating':
      return { kind: 'floating', startsAtLocal: row.start_local!, endsAtLocal: row.end_local! };
  }
}

/** Column values of an event time (exactly one form set, as the schema checks). */
function timeColumns(time: EventTime) {
  return {
    time_kind: time.kind === 'zoned' ? 'instant' : time.kind,
    starts_at: time.kind === 'zoned' ? time.startsAtUTC : null,
    ends_at: time.kind === 'zoned' ? time.endsAtUTC : null,
    time_zone: time.kind === 'zoned' ? time.timeZone : null,
    start_date: time.kind === 'all_day' ? time.startDate : null,
    end_date: time.kind === 'all_day' ? time.endDate : null,
    start_local: time.kind === 'floating' ? time.startsAtLocal : null,
    end_local: time.kind === 'floating' ? time.endsAtLocal : null,
  };
}

function contentColumns(db: Db, content: EventContent) {
  return {
    title: content.title,
    description: content.description,
    location: content.location,
    ...timeColumns(content.time),
    recurrence: [...(content.recurrence?.lines ?? [])],
    attendees: db.json(content.attendees as never),
    reminders: db.json(content.reminders as never),
    status: content.status,
    meeting: content.meeting ? db.json(content.meeting as never) : null,
    transparency: content.transparency,
  };
}

/** What a new appointment is made of. */
export interface NewAppointment {
  id?: string;
  tenantId: string;
  userId: string;
  uid: string;
  hostRef: string | null;
  source: AppointmentSource;
  syncSource: AppointmentRow['sync_source'];
  locationType: LocationType;
  content: EventContent;
  seriesId?: string | null;
  originalStart?: OriginalStart | null;
  extraProperties?: readonly string[];
  now: Date;
}

/** Inserts an appointment; returns the stored row. */
export async function insertAppointment(db: Db, input: NewAppointment): Promise<AppointmentRow> {
  const [row] = await insertAppointments(db, [input]);
  return row!;
}

/** Inserts appointments in one statement; returns the stored rows in input order. */
export async function insertAppointments(
  db: Db,
  inputs: readonly NewAppointment[],
): Promise<AppointmentRow[]> {
  if (inputs.length === 0) return [];
  // Every row names the same columns (a multi-row insert takes the first row's), so `id` is
  // given for all or, generated by the database, for none.
  const values = inputs.map((input) => appointmentColumns(db, input));
  const rows = await db<AppointmentRow[]>`
    insert into appointments ${db(values)} returning ${db.unsafe(SELECT)}`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return inputs.every((i) => i.id) ? inputs.map((i) => byId.get(i.id!)!) : rows;
}

function appointmentColumns(db: Db, input: NewAppointment) {
  return {
    ...(input.id ? { id: input.id } : {}),
    tenant_id: input.tenantId,
    user_id: input.userId,
    uid: input.uid,
    host_ref: input.hostRef,
    source: input.source,
    sync_source: input.syncSource,
    location_type: input.locationType,
    series_id: input.seriesId ?? null,
    original_start: input.originalStart ? db.json(input.originalStart as never) : null,
    extra_properties: [...(input.extraProperties ?? [])],
    created_at: input.now,
    updated_at: input.now,
    ...contentColumns(db, input.content),
  };
}

/**
 * Replaces an appointment's content and bumps its version. With `expectedVersion`, returns
 * undefined when someone else changed it first (optimistic concurrency).
 */
export async function updateAppointmentContent(
  db: Db,
  input: {
    id: string;
    content: EventContent;
    locationType?: LocationType;
    extraProperties?: readonly string[];
    expectedVersion?: number;
    now: Date;
  },
): Promise<AppointmentRow | undefined> {
  const values = {
    ...contentColumns(db, input.content),
    ...(input.locationType ? { location_type: input.locationType } : {}),
    ...(input.extraProperties ? { extra_properties: [...input.extraProperties] } : {}),
    updated_at: input.now,
  };
  const [row] = await db<AppointmentRow[]>`
    update appointments set ${db(values)}, version = version + 1
    where id = ${input.id}
      and (${input.expectedVersion ?? null}::int is null or version = ${input.expectedVersion ?? null})
    returning ${db.unsafe(SELECT)}`;
  return row;
}

/** Soft-deletes (status cancelled, `deleted_at` set); the row stays while links exist. */
export async function softDeleteAppointment(
  db: Db,
  id: string,
  now: Date,
): Promise<AppointmentRow | undefined> {
  const [row] = await db<AppointmentRow[]>`
    update appointments
    set status = 'cancelled', deleted_at = coalesce(deleted_at, ${now}), updated_at = ${now},
        version = version + 1
    where id = ${id}
    returning ${db.unsafe(SELECT)}`;
  return row;
}

/** Finds an appointment of a tenant; with `userId`, only that user's. */
export async function findAppointment(
  db: Db,
  tenantId: string,
  id: string,
  userId: string | null = null,
): Promise<AppointmentRow | undefined> {
  const [row] = await db<AppointmentRow[]>`
    select ${db.unsafe(SELECT)} from appointments
    where tenant_id = ${tenantId} and id = ${id}
      and (${userId}::uuid is null or user_id = ${userId})`;
  return row;
}

/** Finds a host-owned appointment by the host's reference. */
export async function findAppointmentByHostRef(
  db: Db,
  tenantId: string,
  hostRef: string,
): Promise<AppointmentRow | undefined> {
  const [row] = await db<AppointmentRow[]>`
    select ${db.unsafe(SELECT)} from appointments
    where tenant_id = ${tenantId} and host_ref = ${hostRef}`;
  return row;
}

/** Locks an appointment row for the rest of the transaction (push and pull serialise on it). */
export async function lockAppointment(db: Db, id: string): Promise<AppointmentRow | undefined> {
  const [row] = await db<AppointmentRow[]>`
    select ${db.unsafe(SELECT)} from appointments where id = ${id} for update`;
  return row;
}

/** The overrides (moved, edited or cancelled instances) of a series, deleted ones included. */
export async function listSeriesOverrides(db: Db, seriesId: string): Promise<AppointmentRow[]> {
  return db<AppointmentRow[]>`
    select ${db.unsafe(SELECT)} from appointments where series_id = ${seriesId} order by created_at`;
}

/**
 * The overrides of the series a calendar links under `seriesExternalId`, by the slot they stand
 * for; deleted ones included, live ones first.
 */
export async function listOverridesOfLinkedSeries(
  db: Db,
  calendarId: string,
  seriesExternalId: string,
): Promise<AppointmentRow[]> {
  return db<AppointmentRow[]>`
    select ${db.unsafe(SELECT)} from appointments
    where series_id in (
      select appointment_id from event_links
      where calendar_id = ${calendarId} and external_event_id = ${seriesExternalId})
    order by deleted_at nulls first, created_at desc`;
}

/**
 * Live series of a connection's user that may be written to it as single instances: those that
 * already are (instance links), and host series the connection does not hold as a series (a
 * rule it cannot express whose instances have not reached the window yet). Their pushes extend
 * the instances as the sync window moves.
 */
export async function listInstanceSeriesOfConnection(
  db: Db,
  connection: { id: string; user_id: string },
): Promise<string[]> {
  const rows = await db<{ id: string }[]>`
    select a.id from appointments a
    where a.user_id = ${connection.user_id} and a.series_id is null and a.deleted_at is null
      and cardinality(a.recurrence) > 0
      and (exists (select 1 from event_links l
                   where l.appointment_id = a.id and l.connection_id = ${connection.id}
                     and l.original_start is not null and l.series_external_id is null)
           or (a.source = 'host'
               and not exists (select 1 from event_links l
                               where l.appointment_id = a.id and l.connection_id = ${connection.id})
               and exists (select 1 from calendars k
                           where k.connection_id = ${connection.id} and k.destination)))
    order by a.created_at, a.id`;
  return rows.map((r) => r.id);
}

/** Query of {@link listAppointments}. */
export interface AppointmentQuery {
  tenantId: string;
  userId: string;
  /** Overlap window; all-day and floating events compare by date in UTC. */
  from: Date | null;
  to: Date | null;
  includeDeleted: boolean;
  text: string | null;
  limit: number;
  /** Keyset cursor: the (sort instant, id) of the last row of the previous page. */
  after: { at: string; id: string } | null;
}

/**
 * A user's appointments overlapping a window (series whose first start is before `to` are
 * included: expansion decides their instances), ordered by start.
 */
export async function listAppointments(db: Db, q: AppointmentQuery): Promise<AppointmentRow[]> {
  const sortAt = db.unsafe(
    `coalesce(starts_at, start_date::timestamptz, start_local::timestamptz)`,
  );
  const endAt = db.unsafe(`coalesce(ends_at, end_date::timestamptz, end_local::timestamptz)`);
  return db<AppointmentRow[]>`
    select ${db.unsafe(SELECT)} from appointments
    where tenant_id = ${q.tenantId} and user_id = ${q.userId}
      and (${q.includeDeleted} or deleted_at is null)
      and (${q.to}::timestamptz is null or ${sortAt} < ${q.to})
      and (${q.from}::timestamptz is null or ${endAt} > ${q.from} or cardinality(recurrence) > 0)
      and (${q.text}::text is null or search @@ websearch_to_tsquery('simple', ${q.text}))
      and (${q.after?.at ?? null}::timestamptz is null
           or (${sortAt}, id) > (${q.after?.at ?? null}::timestamptz, ${q.after?.id ?? null}::uuid))
    order by ${sortAt}, id
    limit ${q.limit}`;
}

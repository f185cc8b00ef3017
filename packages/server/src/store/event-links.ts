import {
  originalStartKey,
  type EventContent,
  type EventLink,
  type LinkState,
  type OriginalStart,
} from '@calsync/core';
import type { Db } from '../db/connect.js';

/** One appointment ↔ external event mapping, as stored. */
export interface EventLinkRow {
  id: string;
  tenant_id: string;
  appointment_id: string;
  connection_id: string;
  calendar_id: string;
  /** Until a create returns, the idempotency key stands in for the provider's id. */
  external_event_id: string;
  idempotency_key: string | null;
  ical_uid: string | null;
  series_external_id: string | null;
  original_start: OriginalStart | null;
  etag: string | null;
  state: LinkState;
  base_snapshot: EventContent | null;
  base_version: number | null;
  remote_updated_at: Date | null;
  last_pushed_at: Date | null;
  last_pulled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The engine's view of a link; `providerCalendarId` is what adapters call the calendar. */
export function toEventLink(row: EventLinkRow, providerCalendarId: string): EventLink {
  return {
    appointmentId: row.appointment_id,
    connectionId: row.connection_id,
    calendarId: providerCalendarId,
    externalEventId: row.external_event_id,
    iCalUID: row.ical_uid,
    seriesExternalId: row.series_external_id,
    originalStart: row.original_start,
    etag: row.etag,
    base: row.base_snapshot,
    remoteUpdatedAt: row.remote_updated_at?.toISOString() ?? null,
    state: row.state,
    idempotencyKey: row.idempotency_key,
  };
}

/** Column values of an engine link (everything but the ids the store owns). */
function linkColumns(db: Db, link: EventLink) {
  return {
    external_event_id: link.externalEventId,
    idempotency_key: link.idempotencyKey,
    ical_uid: link.iCalUID,
    series_external_id: link.seriesExternalId,
    original_start: link.originalStart ? db.json(link.originalStart as never) : null,
    etag: link.etag,
    state: link.state,
    base_snapshot: link.base ? db.json(link.base as never) : null,
    remote_updated_at: link.remoteUpdatedAt,
  };
}

/** Inserts a link for an engine link. */
export async function insertLink(db: Db, input: NewLink): Promise<EventLinkRow> {
  const [row] = await insertLinks(db, [input]);
  return row!;
}

/** What {@link insertLink} stores. */
export interface NewLink {
  tenantId: string;
  calendarId: string;
  link: EventLink;
  baseVersion?: number | null;
  lastPulledAt?: Date | null;
  now: Date;
}

/** Inserts links in one statement; returns the stored rows. */
export async function insertLinks(db: Db, inputs: readonly NewLink[]): Promise<EventLinkRow[]> {
  if (inputs.length === 0) return [];
  const values = inputs.map((input) => ({
    tenant_id: input.tenantId,
    appointment_id: input.link.appointmentId,
    connection_id: input.link.connectionId,
    calendar_id: input.calendarId,
    ...linkColumns(db, input.link),
    base_version: input.baseVersion ?? null,
    last_pulled_at: input.lastPulledAt ?? null,
    created_at: input.now,
    updated_at: input.now,
  }));
  return db<EventLinkRow[]>`insert into event_links ${db(values)} returning *`;
}

/** Replaces a link's engine state (and, when given, push/pull bookkeeping). */
export async function saveLink(
  db: Db,
  id: string,
  link: EventLink,
  extra: {
    now: Date;
    baseVersion?: number | null;
    pushedAt?: Date;
    pulledAt?: Date;
  },
): Promise<EventLinkRow> {
  const values = {
    ...linkColumns(db, link),
    updated_at: extra.now,
    ...(extra.baseVersion !== undefined ? { base_version: extra.baseVersion } : {}),
    ...(extra.pushedAt ? { last_pushed_at: extra.pushedAt } : {}),
    ...(extra.pulledAt ? { last_pulled_at: extra.pulledAt } : {}),
  };
  const [row] = await db<EventLinkRow[]>`
    update event_links set ${db(values)} where id = ${id} returning *`;
  return row!;
}

/** Sets only the state of a link. */
export async function setLinkState(db: Db, id: string, state: LinkState, now: Date): Promise<void> {
  await db`update event_links set state = ${state}, updated_at = ${now} where id = ${id}`;
}

/** Finds a link by id. */
export async function findLink(db: Db, id: string): Promise<EventLinkRow | undefined> {
  const [row] = await db<EventLinkRow[]>`select * from event_links where id = ${id}`;
  return row;
}

/** The link of an external event in one calendar. */
export async function findLinkByExternalId(
  db: Db,
  calendarId: string,
  externalEventId: string,
): Promise<EventLinkRow | undefined> {
  const [row] = await db<EventLinkRow[]>`
    select * from event_links
    where calendar_id = ${calendarId} and external_event_id = ${externalEventId}`;
  return row;
}

/**
 * The link of an event by iCalUID and original start, within one calendar (the resync match
 * that keeps a full sync after an expired cursor from duplicating anything).
 */
export async function findLinkByICalUID(
  db: Db,
  calendarId: string,
  iCalUID: string,
  originalStart: OriginalStart | null,
): Promise<EventLinkRow | undefined> {
  const rows = await db<EventLinkRow[]>`
    select * from event_links
    where calendar_id = ${calendarId} and ical_uid = ${iCalUID}
    order by created_at`;
  const key = originalStart ? originalStartKey(originalStart) : null;
  return rows.find((r) => (r.original_start ? originalStartKey(r.original_start) : null) === key);
}

/**
 * Whether a link is one instance of a series written as single instances (the provider cannot
 * express its rule): the link belongs to the series' appointment and carries the instance's
 * `original_start`, with no `series_external_id` (there is no series on the provider). Links of
 * real series exceptions always name their provider series.
 */
export function isInstanceLink(
  row: Pick<EventLinkRow, 'original_start' | 'series_external_id'>,
): boolean {
  return row.original_start !== null && row.series_external_id === null;
}

/**
 * The link of an appointment on one connection (at most one per connection is ever made),
 * besides the instance links of a series written as single instances ({@link listInstanceLinks}).
 */
export async function findLinkOfAppointment(
  db: Db,
  appointmentId: string,
  connectionId: string,
): Promise<EventLinkRow | undefined> {
  const [row] = await db<EventLinkRow[]>`
    select * from event_links
    where appointment_id = ${appointmentId} and connection_id = ${connectionId}
      and (original_start is null or series_external_id is not null)
    order by created_at limit 1`;
  return row;
}

/**
 * The instance links of a series written as single instances on one connection: one per
 * instance, keyed by (appointment, connection, original start).
 */
export async function listInstanceLinks(
  db: Db,
  appointmentId: string,
  connectionId: string,
): Promise<EventLinkRow[]> {
  return db<EventLinkRow[]>`
    select * from event_links
    where appointment_id = ${appointmentId} and connection_id = ${connectionId}
      and original_start is not null and series_external_id is null
    order by created_at`;
}

/** The instance link of a series written as single instances, by the instance's own iCalUID. */
export async function findInstanceLinkByICalUID(
  db: Db,
  calendarId: string,
  iCalUID: string,
): Promise<EventLinkRow | undefined> {
  const [row] = await db<EventLinkRow[]>`
    select * from event_links
    where calendar_id = ${calendarId} and ical_uid = ${iCalUID}
      and original_start is not null and series_external_id is null
    order by created_at limit 1`;
  return row;
}

/**
 * The override create in flight for one slot of a series in a calendar (`pending_create`): the
 * echo of that write can carry neither our id nor our iCalUID (Graph and Google name instances
 * after their series), only the series and the slot.
 */
export async function findPendingInstanceCreate(
  db: Db,
  calendarId: string,
  seriesExternalId: string,
  originalStart: OriginalStart,
): Promise<EventLinkRow | undefined> {
  const rows = await db<EventLinkRow[]>`
    select * from event_links
    where calendar_id = ${calendarId} and series_external_id = ${seriesExternalId}
      and state = 'pending_create'
    order by created_at`;
  const key = originalStartKey(originalStart);
  return rows.find((r) => r.original_start && originalStartKey(r.original_start) === key);
}

/** Deletes one link (an instance that left its series, a series rewritten another way). */
export async function deleteLink(db: Db, id: string): Promise<void> {
  await db`delete from event_links where id = ${id}`;
}

/**
 * Forgets the calendars that had removed an appointment now revived (a newer edit won over its
 * deletion): their events are gone, and without a link the push creates them again. The link the
 * revival came through is kept.
 */
export async function forgetRemovedLinks(
  db: Db,
  appointmentId: string,
  except: { connectionId: string },
): Promise<void> {
  await db`
    delete from event_links
    where appointment_id = ${appointmentId} and state = 'external_removed'
      and connection_id <> ${except.connectionId}`;
}

/** Every link of an appointment. */
export async function listLinksOfAppointment(
  db: Db,
  appointmentId: string,
): Promise<EventLinkRow[]> {
  return db<EventLinkRow[]>`
    select * from event_links where appointment_id = ${appointmentId} order by created_at`;
}

/** Links of a connection still waiting for an outbound write. */
export async function listPendingLinks(db: Db, connectionId: string): Promise<EventLinkRow[]> {
  return db<EventLinkRow[]>`
    select * from event_links
    where connection_id = ${connectionId}
      and state in ('pending_create', 'pending_update', 'pending_delete')
    order by updated_at`;
}

/** Deletes every link of a connection (disconnect); returns the appointments they pointed at. */
export async function deleteLinksOfConnection(db: Db, connectionId: string): Promise<string[]> {
  const rows = await db<{ appointment_id: string }[]>`
    delete from event_links where connection_id = ${connectionId} returning appointment_id`;
  return [...new Set(rows.map((r) => r.appointment_id))];
}

import type { ConflictRecord, ContentField, EventContent, Side } from '@calsync/core';
import type { Db } from '../db/connect.js';

/** A stored conflict (all three versions, the auto-resolution and the manual one). */
export interface ConflictRow {
  id: string;
  tenant_id: string;
  connection_id: string;
  appointment_id: string;
  event_link_id: string | null;
  internal_version: EventContent | null;
  external_version: EventContent | null;
  base_version: EventContent | null;
  fields: ContentField[];
  conflict_reason: ConflictRecord['kind'];
  auto_resolution: 'kept_internal' | 'kept_external' | 'none' | null;
  status: 'open' | 'resolved';
  resolution: ConflictResolutionKind | null;
  resolution_reason: string | null;
  resolved_by: string | null;
  detected_at: Date;
  resolved_at: Date | null;
}

/** How a conflict was settled by hand. */
export type ConflictResolutionKind =
  'kept_internal' | 'kept_external' | 'merged' | 'created_duplicate';

const SIDE_TO_RESOLUTION = { internal: 'kept_internal', external: 'kept_external' } as const;

/**
 * A side as jsonb text: a deleted side is JSON `null`, which the NOT NULL columns keep apart
 * from a missing value (`db.json(null)` would send SQL NULL).
 */
function jsonb(side: unknown): string {
  return JSON.stringify(side ?? null);
}

/** Stores a conflict the engine detected. Deleted sides are stored as JSON `null`. */
export async function insertConflict(
  db: Db,
  input: { tenantId: string; connectionId: string; linkId: string | null; record: ConflictRecord },
): Promise<ConflictRow> {
  const { record } = input;
  const [row] = await db<ConflictRow[]>`
    insert into conflicts (tenant_id, connection_id, appointment_id, event_link_id,
      internal_version, external_version, base_version, fields, conflict_reason,
      auto_resolution, detected_at)
    values (${input.tenantId}, ${input.connectionId}, ${record.appointmentId}, ${input.linkId},
      ${jsonb(record.internal)}::text::jsonb, ${jsonb(record.external)}::text::jsonb,
      ${record.base ? db.json(record.base as never) : null}, ${[...record.fields]},
      ${record.kind}, ${SIDE_TO_RESOLUTION[record.autoResolution]}, ${record.detectedAt})
    returning *`;
  return row!;
}

/** The engine's record of a stored conflict, for `resolveConflict`. */
export function toConflictRecord(
  row: ConflictRow,
  link: { calendarId: string; externalEventId: string },
): ConflictRecord {
  const autoResolution: Side = row.auto_resolution === 'kept_external' ? 'external' : 'internal';
  return {
    appointmentId: row.appointment_id,
    connectionId: row.connection_id,
    calendarId: link.calendarId,
    externalEventId: link.externalEventId,
    kind: row.conflict_reason,
    fields: row.fields,
    internal: row.internal_version,
    external: row.external_version,
    base: row.base_version,
    internalUpdatedAt: null,
    externalUpdatedAt: null,
    autoResolution,
    detectedAt: row.detected_at.toISOString(),
  };
}

/** Finds a conflict; with `connectionId`, only that connection's. */
export async function findConflict(
  db: Db,
  id: string,
  connectionId: string | null = null,
): Promise<ConflictRow | undefined> {
  const [row] = await db<ConflictRow[]>`
    select * from conflicts
    where id = ${id} and (${connectionId}::uuid is null or connection_id = ${connectionId})`;
  return row;
}

/**
 * A connection's conflicts, newest first (by the millisecond, then id, descending); `status`
 * filters; at most `limit` rows after the keyset `before`.
 */
export async function listConflicts(
  db: Db,
  query: {
    connectionId: string;
    status?: 'open' | 'resolved' | null;
    limit: number;
    before?: { at: string; id: string } | null;
  },
): Promise<ConflictRow[]> {
  const before = query.before;
  return db<ConflictRow[]>`
    select * from conflicts
    where connection_id = ${query.connectionId}
      and (${query.status ?? null}::text is null or status = ${query.status ?? null})
      ${before ? db`and (date_trunc('milliseconds', detected_at), id) < (${before.at}::timestamptz, ${before.id}::uuid)` : db``}
    order by date_trunc('milliseconds', detected_at) desc, id desc limit ${query.limit}`;
}

/** Open conflicts of a connection (the pause rule counts these). */
export async function countOpenConflicts(db: Db, connectionId: string): Promise<number> {
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from conflicts
    where connection_id = ${connectionId} and status = 'open'`;
  return row?.n ?? 0;
}

/** Marks a conflict resolved; undefined when it was not open. */
export async function resolveConflictRow(
  db: Db,
  id: string,
  input: {
    resolution: ConflictResolutionKind;
    reason: string | null;
    resolvedBy: string | null;
    now: Date;
  },
): Promise<ConflictRow | undefined> {
  const [row] = await db<ConflictRow[]>`
    update conflicts
    set status = 'resolved', resolution = ${input.resolution}, resolution_reason = ${input.reason},
        resolved_by = ${input.resolvedBy}, resolved_at = ${input.now}
    where id = ${id} and status = 'open' returning *`;
  return row;
}

/** Resolves every other open conflict of the same link (a newer resolution settles them too). */
export async function resolveOpenConflictsOfAppointment(
  db: Db,
  input: {
    appointmentId: string;
    connectionId: string;
    resolution: ConflictResolutionKind;
    now: Date;
  },
): Promise<number> {
  const rows = await db`
    update conflicts
    set status = 'resolved', resolution = ${input.resolution}, resolved_at = ${input.now},
        resolution_reason = 'superseded'
    where appointment_id = ${input.appointmentId} and connection_id = ${input.connectionId}
      and status = 'open' returning id`;
  return rows.length;
}

import type { Db } from '../db/connect.js';

/** What happened to one item. */
export type SyncEventType =
  'created' | 'updated' | 'deleted' | 'conflict' | 'skipped' | 'unchanged';

/** One item changed (or skipped) in one direction. */
export interface SyncEventRow {
  id: string;
  tenant_id: string;
  connection_id: string;
  attempt_id: string | null;
  appointment_id: string | null;
  external_event_id: string | null;
  event_type: SyncEventType;
  direction: 'inbound' | 'outbound';
  status: 'success' | 'fail' | 'skipped';
  error: string | null;
  correlation_id: string;
  processed_at: Date;
}

/** What {@link recordSyncEvent} stores. */
export interface NewSyncEvent {
  tenantId: string;
  connectionId: string;
  attemptId: string | null;
  appointmentId: string | null;
  externalEventId: string | null;
  eventType: SyncEventType;
  direction: 'inbound' | 'outbound';
  status: 'success' | 'fail' | 'skipped';
  error?: string | null;
  correlationId: string;
  now: Date;
}

/** Records one item. */
export async function recordSyncEvent(db: Db, input: NewSyncEvent): Promise<void> {
  await recordSyncEvents(db, [input]);
}

/** Records many items in one statement, in order. */
export async function recordSyncEvents(db: Db, inputs: readonly NewSyncEvent[]): Promise<void> {
  if (inputs.length === 0) return;
  const rows = inputs.map((input) => ({
    tenant_id: input.tenantId,
    connection_id: input.connectionId,
    attempt_id: input.attemptId,
    appointment_id: input.appointmentId,
    external_event_id: input.externalEventId,
    event_type: input.eventType,
    direction: input.direction,
    status: input.status,
    error: input.error?.slice(0, 2000) ?? null,
    correlation_id: input.correlationId,
    processed_at: input.now,
  }));
  await db`insert into sync_events ${db(rows)}`;
}

/** A connection's latest items, newest first. */
export async function listRecentSyncEvents(
  db: Db,
  connectionId: string,
  limit: number,
): Promise<SyncEventRow[]> {
  return db<SyncEventRow[]>`
    select id::text, tenant_id, connection_id, attempt_id, appointment_id, external_event_id,
      event_type, direction, status, error, correlation_id, processed_at
    from sync_events where connection_id = ${connectionId}
    order by processed_at desc, id desc limit ${limit}`;
}

/** Items of one attempt, in order. */
export async function listSyncEventsOfAttempt(db: Db, attemptId: string): Promise<SyncEventRow[]> {
  return db<SyncEventRow[]>`
    select id::text, tenant_id, connection_id, attempt_id, appointment_id, external_event_id,
      event_type, direction, status, error, correlation_id, processed_at
    from sync_events where attempt_id = ${attemptId} order by id`;
}

/** How many items of a connection failed. */
export async function countFailedSyncEvents(db: Db, connectionId: string): Promise<number> {
  const [row] = await db<{ n: number }[]>`
    select count(*)::int as n from sync_events
    where connection_id = ${connectionId} and status = 'fail'`;
  return row?.n ?? 0;
}

import type { ProviderErrorClass } from '@calsync/core';
import type { Db } from '../db/connect.js';

/** What an attempt did. */
export type SyncOperation =
  | 'pull'
  | 'full_resync'
  | 'push'
  | 'refresh_token'
  | 'watch'
  | 'free_busy'
  | 'video_meeting'
  | 'revoke';

/** Where an attempt stands. `retrying`: it failed and a later attempt is scheduled. */
export type AttemptStatus = 'running' | 'success' | 'fail' | 'retrying';

/** One run of one operation, with its correlation id (shared by the retries of one sync). */
export interface SyncAttemptRow {
  id: string;
  tenant_id: string;
  connection_id: string;
  calendar_id: string | null;
  appointment_id: string | null;
  operation: SyncOperation;
  status: AttemptStatus;
  error_class: ProviderErrorClass | null;
  error_message: string | null;
  correlation_id: string;
  attempt: number;
  items_processed: number;
  started_at: Date;
  finished_at: Date | null;
  reprocessed_at: Date | null;
}

/** Opens an attempt in `running`. */
export async function startAttempt(
  db: Db,
  input: {
    tenantId: string;
    connectionId: string;
    calendarId: string | null;
    appointmentId: string | null;
    operation: SyncOperation;
    correlationId: string;
    attempt: number;
    now: Date;
  },
): Promise<SyncAttemptRow> {
  const [row] = await db<SyncAttemptRow[]>`
    insert into sync_attempts (tenant_id, connection_id, calendar_id, appointment_id, operation,
      correlation_id, attempt, started_at)
    values (${input.tenantId}, ${input.connectionId}, ${input.calendarId}, ${input.appointmentId},
      ${input.operation}, ${input.correlationId}, ${input.attempt}, ${input.now})
    returning *`;
  return row!;
}

/** Adds to an attempt's item count (after each page, so progress shows while it runs). */
export async function addItemsProcessed(db: Db, id: string, items: number): Promise<void> {
  await db`update sync_attempts set items_processed = items_processed + ${items} where id = ${id}`;
}

/** Closes an attempt. */
export async function finishAttempt(
  db: Db,
  id: string,
  input: {
    status: Exclude<AttemptStatus, 'running'>;
    errorClass?: ProviderErrorClass | null;
    errorMessage?: string | null;
    now: Date;
  },
): Promise<SyncAttemptRow> {
  const [row] = await db<SyncAttemptRow[]>`
    update sync_attempts
    set status = ${input.status}, error_class = ${input.errorClass ?? null},
        error_message = ${input.errorMessage?.slice(0, 2000) ?? null}, finished_at = ${input.now}
    where id = ${id} returning *`;
  return row!;
}

/** Finds an attempt; with `connectionId`, only that connection's. */
export async function findAttempt(
  db: Db,
  id: string,
  connectionId: string | null = null,
): Promise<SyncAttemptRow | undefined> {
  const [row] = await db<SyncAttemptRow[]>`
    select * from sync_attempts
    where id = ${id} and (${connectionId}::uuid is null or connection_id = ${connectionId})`;
  return row;
}

/**
 * A connection's attempts, newest first (by the millisecond, then id, descending); `status`
 * filters (`fail` is the admin's list); at most `limit` rows after the keyset `before`.
 */
export async function listAttempts(
  db: Db,
  query: {
    connectionId: string;
    status?: AttemptStatus | null;
    limit?: number;
    before?: { at: string; id: string } | null;
  },
): Promise<SyncAttemptRow[]> {
  const before = query.before;
  return db<SyncAttemptRow[]>`
    select * from sync_attempts
    where connection_id = ${query.connectionId}
      and (${query.status ?? null}::text is null or status = ${query.status ?? null})
      ${before ? db`and (date_trunc('milliseconds', started_at), id) < (${before.at}::timestamptz, ${before.id}::uuid)` : db``}
    order by date_trunc('milliseconds', started_at) desc, id desc limit ${query.limit ?? 100}`;
}

/** Marks a failed attempt as handed back to the queue; undefined when it was not a failure. */
export async function markReprocessed(
  db: Db,
  id: string,
  now: Date,
): Promise<SyncAttemptRow | undefined> {
  const [row] = await db<SyncAttemptRow[]>`
    update sync_attempts set reprocessed_at = ${now}
    where id = ${id} and status = 'fail' returning *`;
  return row;
}

/** The running pull of a connection, if any (sync-status progress). */
export async function findRunningPull(
  db: Db,
  connectionId: string,
): Promise<SyncAttemptRow | undefined> {
  const [row] = await db<SyncAttemptRow[]>`
    select * from sync_attempts
    where connection_id = ${connectionId} and status = 'running'
      and operation in ('pull', 'full_resync')
    order by started_at desc limit 1`;
  return row;
}

import type { Db } from '../db/connect.js';

/** The kinds of entries in a tenant's change feed. */
export type ChangeType =
  | 'appointment.created'
  | 'appointment.updated'
  | 'appointment.deleted'
  | 'integration.updated'
  | 'conflict.created'
  | 'conflict.resolved'
  | 'sync.failed'
  | 'video_meeting.failed'
  | 'approval.expired';

/** One entry of the feed. `seq` orders a tenant's changes. */
export interface ChangeRow {
  seq: string;
  tenant_id: string;
  user_id: string | null;
  type: ChangeType;
  data: Record<string, unknown>;
  at: Date;
}

/** What {@link appendChange} stores. */
export interface NewChange {
  tenantId: string;
  userId: string | null;
  type: ChangeType;
  data: Record<string, unknown>;
}

/** Channel Postgres notifies on every append (payload: tenant id), for live streams. */
export const CHANGES_CHANNEL = 'calsync_changes';

/**
 * Appends a change, in the caller's transaction so the feed never shows a change that did not
 * commit (and never misses one that did), and notifies listeners on commit. A caller appending
 * many changes in one transaction may pass `notify: false` and call {@link notifyChanges} once.
 */
export async function appendChange(
  db: Db,
  change: NewChange,
  options: { notify?: boolean } = {},
): Promise<ChangeRow> {
  const [row] = await appendChanges(db, [change]);
  if (options.notify !== false) await notifyChanges(db, change.tenantId);
  return row!;
}

/** Appends changes in one statement, in order, without notifying (see {@link notifyChanges}). */
export async function appendChanges(db: Db, changes: readonly NewChange[]): Promise<ChangeRow[]> {
  if (changes.length === 0) return [];
  const values = changes.map((change) => ({
    tenant_id: change.tenantId,
    user_id: change.userId,
    type: change.type,
    data: db.json(change.data as never),
  }));
  // A multi-row insert draws the sequence in row order, so `seq` follows the input.
  return db<ChangeRow[]>`
    insert into changes ${db(values)}
    returning seq::text, tenant_id, user_id, type, data, at`;
}

/** Tells live listeners, on commit, that a tenant's feed grew. */
export async function notifyChanges(db: Db, tenantId: string): Promise<void> {
  await db`select pg_notify(${CHANGES_CHANNEL}, ${tenantId})`;
}

/** Changes after `afterSeq`, oldest first; a session sees only its user's. */
export async function listChanges(
  db: Db,
  query: { tenantId: string; userId: string | null; afterSeq: string; limit: number },
): Promise<ChangeRow[]> {
  return db<ChangeRow[]>`
    select seq::text, tenant_id, user_id, type, data, at from changes
    where tenant_id = ${query.tenantId} and seq > ${query.afterSeq}
      and (${query.userId}::uuid is null or user_id = ${query.userId})
    order by seq limit ${query.limit}`;
}

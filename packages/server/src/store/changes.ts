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

/** Channel Postgres notifies on every append (payload: tenant id), for live streams. */
export const CHANGES_CHANNEL = 'calsync_changes';

/**
 * Appends a change, in the caller's transaction so the feed never shows a change that did not
 * commit (and never misses one that did), and notifies listeners on commit.
 */
export async function appendChange(
  db: Db,
  change: {
    tenantId: string;
    userId: string | null;
    type: ChangeType;
    data: Record<string, unknown>;
  },
): Promise<ChangeRow> {
  const [row] = await db<ChangeRow[]>`
    insert into changes (tenant_id, user_id, type, data)
    values (${change.tenantId}, ${change.userId}, ${change.type}, ${db.json(change.data as never)})
    returning seq::text, tenant_id, user_id, type, data, at`;
  await db`select pg_notify(${CHANGES_CHANNEL}, ${change.tenantId})`;
  return row!;
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

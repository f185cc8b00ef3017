import type { Db } from '../db/connect.js';

/** The write an approval holds. */
export type ApprovalAction = 'create' | 'update' | 'delete' | 'rsvp';

/** An outbound write held for the user's yes. */
export interface ApprovalRow {
  id: string;
  tenant_id: string;
  connection_id: string;
  appointment_id: string | null;
  action: ApprovalAction;
  snapshot: Record<string, unknown>;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  notes: string | null;
  requested_at: Date;
  expires_at: Date;
  decided_at: Date | null;
}

/** How long an approval waits by default. */
export const DEFAULT_APPROVAL_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Holds a write: refreshes the pending approval of the same appointment and connection when
 * there is one (the newest state is what gets approved), else creates one.
 */
export async function holdForApproval(
  db: Db,
  input: {
    tenantId: string;
    connectionId: string;
    appointmentId: string;
    action: ApprovalAction;
    snapshot: Record<string, unknown>;
    now: Date;
    ttlMs?: number;
  },
): Promise<ApprovalRow> {
  const expiresAt = new Date(input.now.getTime() + (input.ttlMs ?? DEFAULT_APPROVAL_TTL_MS));
  const [updated] = await db<ApprovalRow[]>`
    update approvals
    set action = ${input.action}, snapshot = ${db.json(input.snapshot as never)}
    where connection_id = ${input.connectionId} and appointment_id = ${input.appointmentId}
      and status = 'pending'
    returning *`;
  if (updated) return updated;
  const [row] = await db<ApprovalRow[]>`
    insert into approvals (tenant_id, connection_id, appointment_id, action, snapshot,
      requested_at, expires_at)
    values (${input.tenantId}, ${input.connectionId}, ${input.appointmentId}, ${input.action},
      ${db.json(input.snapshot as never)}, ${input.now}, ${expiresAt})
    returning *`;
  return row!;
}

/** Finds an approval; with `tenantId`, only that tenant's. */
export async function findApproval(
  db: Db,
  id: string,
  tenantId: string | null = null,
): Promise<ApprovalRow | undefined> {
  const [row] = await db<ApprovalRow[]>`
    select * from approvals
    where id = ${id} and (${tenantId}::uuid is null or tenant_id = ${tenantId})`;
  return row;
}

/**
 * Approvals of a tenant (optionally some connections', one status), newest first (by the
 * millisecond, then id, descending); at most `limit` rows after the keyset `before`.
 */
export async function listApprovals(
  db: Db,
  query: {
    tenantId: string;
    connectionIds?: readonly string[] | null;
    status?: ApprovalRow['status'] | null;
    limit: number;
    before?: { at: string; id: string } | null;
  },
): Promise<ApprovalRow[]> {
  const ids = query.connectionIds ? [...query.connectionIds] : null;
  const before = query.before;
  return db<ApprovalRow[]>`
    select * from approvals
    where tenant_id = ${query.tenantId}
      and (${ids}::uuid[] is null or connection_id = any(${ids}::uuid[]))
      and (${query.status ?? null}::text is null or status = ${query.status ?? null})
      ${before ? db`and (date_trunc('milliseconds', requested_at), id) < (${before.at}::timestamptz, ${before.id}::uuid)` : db``}
    order by date_trunc('milliseconds', requested_at) desc, id desc limit ${query.limit}`;
}

/** Approves or rejects a pending approval; undefined when it is no longer pending. */
export async function decideApprovalRow(
  db: Db,
  id: string,
  input: { status: 'approved' | 'rejected'; notes: string | null; now: Date },
): Promise<ApprovalRow | undefined> {
  const [row] = await db<ApprovalRow[]>`
    update approvals set status = ${input.status}, notes = ${input.notes}, decided_at = ${input.now}
    where id = ${id} and status = 'pending' and expires_at > ${input.now} returning *`;
  return row;
}

/** Expires pending approvals whose time ran out; returns them. */
export async function expireApprovals(db: Db, now: Date, limit = 500): Promise<ApprovalRow[]> {
  return db<ApprovalRow[]>`
    update approvals set status = 'expired', decided_at = ${now}
    where id in (
      select id from approvals where status = 'pending' and expires_at <= ${now}
      order by expires_at limit ${limit} for update skip locked)
    returning *`;
}

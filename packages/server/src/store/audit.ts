import type { Db } from '../db/connect.js';

/** One entry of the audit log: who did what to what. */
export interface AuditEntryRow {
  id: string;
  tenant_id: string | null;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  at: Date;
}

/** What {@link recordAudit} writes. */
export interface AuditInput {
  /** Null for actions outside any tenant (an operator's CLI command). */
  tenantId: string | null;
  /** `api_key:<id>`, `session:<id>`, `system`, `cli`. */
  actor: string;
  /** Dotted verb, e.g. `webhook_endpoint.created`, `user.erased`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** Never secrets: the log is shown to the tenant. */
  details?: Record<string, unknown>;
  /** Default: the database's clock. */
  at?: Date;
}

/**
 * Records an admin action, in the caller's transaction when given one so the entry exists exactly
 * when the action does.
 *
 * @example
 * await recordAudit(tx, { tenantId, actor: 'api_key:…', action: 'user.erased', targetType: 'user', targetId: 'u1' });
 */
export async function recordAudit(db: Db, entry: AuditInput): Promise<AuditEntryRow> {
  const [row] = await db<AuditEntryRow[]>`
    insert into audit_entries (tenant_id, actor, action, target_type, target_id, details, at)
    values (${entry.tenantId}, ${entry.actor}, ${entry.action}, ${entry.targetType ?? null},
      ${entry.targetId ?? null}, ${db.json((entry.details ?? {}) as never)},
      coalesce(${entry.at ?? null}::timestamptz, now()))
    returning id::text, tenant_id, actor, action, target_type, target_id, details, at`;
  return row!;
}

/** A tenant's audit entries, newest first, `limit + 1` rows for paging below `beforeId`. */
export async function listAudit(
  db: Db,
  query: { tenantId: string; limit: number; beforeId?: string },
): Promise<AuditEntryRow[]> {
  return db<AuditEntryRow[]>`
    select id::text, tenant_id, actor, action, target_type, target_id, details, at
    from audit_entries
    where tenant_id = ${query.tenantId}
      and (${query.beforeId ?? null}::bigint is null or id < ${query.beforeId ?? null}::bigint)
    order by id desc limit ${query.limit + 1}`;
}

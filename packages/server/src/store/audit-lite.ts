import type { Db } from '../db/connect.js';

/** One audited action. */
export interface AuditInput {
  tenantId: string | null;
  /** `key:<id>`, `cli`, `system`… */
  actor: string;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
}

/** Writes an audit entry, in the caller's transaction when given one. */
export async function recordAudit(db: Db, entry: AuditInput): Promise<void> {
  await db`
    insert into audit_entries (tenant_id, actor, action, target_type, target_id, details)
    values (${entry.tenantId}, ${entry.actor}, ${entry.action}, ${entry.targetType ?? null},
            ${entry.targetId ?? null}, ${db.json((entry.details ?? {}) as never)})`;
}

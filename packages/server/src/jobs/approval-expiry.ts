import { appendChange } from '../store/changes.js';
import { expireApprovals } from '../store/approvals.js';
import type { SyncRuntime } from '../sync/runtime.js';

/**
 * Drops pending approvals past their expiry (7 days by default), each with an
 * `approval.expired` change for the host. Returns how many expired.
 *
 * @example
 * await runApprovalExpiry(rt); // hourly from the cron schedule
 */
export async function runApprovalExpiry(rt: SyncRuntime): Promise<number> {
  const { ctx } = rt;
  return ctx.sql.begin(async (tx) => {
    const expired = await expireApprovals(tx, ctx.now());
    for (const approval of expired) {
      const [owner] = await tx<{ user_id: string }[]>`
        select user_id from connections where id = ${approval.connection_id}`;
      await appendChange(tx, {
        tenantId: approval.tenant_id,
        userId: owner?.user_id ?? null,
        type: 'approval.expired',
        data: {
          id: approval.id,
          integration_id: approval.connection_id,
          appointment_id: approval.appointment_id,
          action: approval.action,
        },
      });
    }
    return expired.length;
  });
}

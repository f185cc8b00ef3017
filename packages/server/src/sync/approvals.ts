import type { ServerContext } from '../context.js';
import { approvedPushKey, PUSH_QUEUE } from '../jobs/queues.js';
import { decideApprovalRow, type ApprovalRow } from '../store/approvals.js';

/** The approval does not exist, was decided already, or expired. */
export class ApprovalNotPendingError extends Error {
  override readonly name = 'ApprovalNotPendingError';
  readonly code = 'approval_not_pending';
}

/**
 * Approves or rejects a held write (API.md `POST /approvals/{id}`). Approving enqueues the push
 * in the same transaction; it sends the appointment's state if it is still the approved
 * version, and asks again otherwise.
 *
 * @example
 * await decideApproval(ctx, approvalId, 'approve');
 */
export async function decideApproval(
  ctx: ServerContext,
  approvalId: string,
  decision: 'approve' | 'reject',
  notes: string | null = null,
): Promise<ApprovalRow> {
  return ctx.sql.begin(async (tx) => {
    const row = await decideApprovalRow(tx, approvalId, {
      status: decision === 'approve' ? 'approved' : 'rejected',
      notes,
      now: ctx.now(),
    });
    if (!row) throw new ApprovalNotPendingError('the approval is not pending');
    if (decision === 'approve' && row.appointment_id) {
      await ctx.jobs.send(
        PUSH_QUEUE,
        { appointmentId: row.appointment_id, connectionId: row.connection_id, approvalId: row.id },
        { singletonKey: approvedPushKey(row.id) },
        tx,
      );
    }
    return row;
  });
}

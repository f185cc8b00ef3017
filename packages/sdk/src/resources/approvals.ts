import type { PageList } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';
import type { Approval as WireApproval, Paths } from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import { listOf, segment, type PageParams, type RequestOptions } from './common.js';

/** An outbound write held for the user's yes (connections with `requireApproval`). */
export type Approval = CamelCase<WireApproval>;
/** `approvals.list` filters, and the page (`limit`, `cursor`). */
export type ApprovalListParams = CamelCase<Paths['/approvals']['get']['query']> & PageParams;
/** `approvals.decide`: approve (sends the write) or reject. */
export type ApprovalDecideParams = CamelCase<Paths['/approvals/{id}']['post']['body']>;

/** `calsync.approvals`: writes waiting for the user's decision. */
export interface ApprovalsAPI {
  /**
   * Approvals, e.g. the pending ones; `await` it or `for await` over it.
   *
   * @example
   * for await (const approval of calsync.approvals.list({ status: 'pending' })) ask(approval);
   */
  list(params?: ApprovalListParams, options?: RequestOptions): PageList<Approval>;
  /**
   * Approves or rejects a pending write.
   *
   * @example
   * await calsync.approvals.decide(id, { action: 'approve' });
   */
  decide(id: string, params: ApprovalDecideParams, options?: RequestOptions): Promise<Approval>;
}

/**
 * Binds the approvals namespace to a transport.
 *
 * @example
 * const approvals = approvalsAPI(createTransport(options));
 */
export function approvalsAPI(transport: Transport): ApprovalsAPI {
  return {
    list: (query, options) => listOf(transport, '/approvals', query, options),
    decide: (id, body, options) =>
      transport.json({
        method: 'POST',
        path: `/approvals/${segment(id)}`,
        body,
        ...options,
      }),
  };
}

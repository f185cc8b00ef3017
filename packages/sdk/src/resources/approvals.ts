import { paginate, type Page, type PageList } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';
import type { CamelCase } from '../wire/case.js';
import type { PendingApproval } from '../wire/pending.js';
import type { RouteInput, RouteOutput } from '../wire/routes.js';
import { segment, type RequestOptions } from './common.js';

/** An outbound write held for the user's yes (connections with `requireApproval`). */
export type Approval = CamelCase<RouteOutput<'/approvals/:id', '$post', 200, PendingApproval>>;
/** `approvals.list` filters. */
export type ApprovalListParams = CamelCase<RouteInput<'/approvals', '$get'>['query']>;
/** `approvals.decide`: approve (sends the write) or reject. */
export type ApprovalDecideParams = CamelCase<RouteInput<'/approvals/:id', '$post'>['json']>;

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
    list: (query, options) =>
      paginate(async (cursor) => {
        const body = await transport.json<Page<Approval> | Approval[]>({
          method: 'GET',
          path: '/approvals',
          query: { ...query, cursor },
          ...options,
        });
        // The server answers a bare array; API.md pages every list. Either reads as pages.
        return Array.isArray(body) ? { data: body, nextCursor: null } : body;
      }),
    decide: (id, body, options) =>
      transport.json({
        method: 'POST',
        path: `/approvals/${segment(id)}`,
        body,
        ...options,
      }),
  };
}

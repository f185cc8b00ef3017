import type { PageList } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';
import type { AuditEntry as WireAuditEntry } from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import { listOf, type PageParams, type RequestOptions } from './common.js';

/** One admin action on the tenant's data. */
export type AuditEntry = CamelCase<WireAuditEntry>;

/** `calsync.audit`: the tenant's audit log (secret key only). */
export interface AuditAPI {
  /**
   * Entries, newest first; `await` it or `for await` over it.
   *
   * @example
   * for await (const entry of calsync.audit.list()) console.log(entry.action, entry.actor);
   */
  list(params?: PageParams, options?: RequestOptions): PageList<AuditEntry>;
}

/**
 * Binds the audit namespace to a transport.
 *
 * @example
 * const audit = auditAPI(createTransport(options));
 */
export function auditAPI(transport: Transport): AuditAPI {
  return {
    list: (query, options) => listOf(transport, '/audit', query, options),
  };
}

import type { ServerContext } from '../context.js';
import { recordAudit } from '../store/audit.js';
import { rewriteEnvelopes, type RewriteReport } from './rewrite-envelopes.js';

/** What {@link bindUnboundEnvelopes} did. */
export interface BindingReport {
  /** Envelopes rewritten bound to their row. */
  readonly bound: number;
  /** Unbound envelopes no configured key opens, left as they are (by `table.column`). */
  readonly failed: number;
  readonly columns: RewriteReport;
}

/**
 * The start-up step after the SQL migrations: rewrites every unbound (`v1`) envelope of earlier
 * releases as a `v2` envelope bound to its row, with the current key. Batched (each batch its
 * own transaction), idempotent and resumable: a process killed half way leaves finished batches
 * bound and the rest `v1`, and the next start finishes the job. Several processes may run it at
 * once (a row is only replaced if it still holds the envelope read). When it rewrote anything it
 * is recorded in the audit log as `encryption.bound` by `system`.
 *
 * It binds whatever unbound envelope it finds to the row it is found in, so once a run leaves
 * none, the operator turns reading them off (`CALSYNC_UNBOUND_ENVELOPES=refuse`: a keyring with
 * `unbound: 'refuse'`, and no more runs); from then on an unbound envelope taken from an old
 * backup and planted in a row is refused instead of being bound to it.
 *
 * @example
 * await migrate(sql);
 * const report = await bindUnboundEnvelopes({ sql, keyring });
 */
export async function bindUnboundEnvelopes(
  ctx: Pick<ServerContext, 'sql' | 'keyring'>,
  options: {
    batchSize?: number;
    onBatch?: (table: string, rows: number) => void | Promise<void>;
  } = {},
): Promise<BindingReport> {
  const columns = await rewriteEnvelopes(ctx, { select: 'unbound', ...options });
  const entries = Object.values(columns);
  const bound = entries.reduce((n, e) => n + e.rotated, 0);
  const failed = entries.reduce((n, e) => n + e.failed, 0);
  if (bound > 0 || failed > 0) {
    await recordAudit(ctx.sql, {
      tenantId: null,
      actor: 'system',
      action: 'encryption.bound',
      details: { key_id: ctx.keyring.currentKeyId, bound, failed },
    });
  }
  return { bound, failed, columns };
}

import type { ServerContext } from '../context.js';
import { recordAudit } from '../store/audit.js';
import { rewriteEnvelopes, type RewriteReport } from './rewrite-envelopes.js';

export { ENVELOPE_COLUMNS } from './envelope-columns.js';

/** What a rotation did, per `table.column`. */
export type RotationReport = RewriteReport;

/**
 * Re-encrypts every envelope not written with the keyring's current (first) key — and every
 * unbound (`v1`) one — as a `v2` envelope bound to its row, in batches of `batchSize` rows, each
 * batch in its own transaction. Idempotent: envelopes already bound and on the current key are
 * skipped, so an interrupted run is simply run again. An envelope that no configured key opens
 * (or that was copied from another row) is left as it is and reported (by row key) instead of
 * stopping the run. A row changed meanwhile (a token refresh) is left to that writer, who used
 * the current key anyway. With `unbound: 'refuse'` (`CALSYNC_UNBOUND_ENVELOPES=refuse`) unbound
 * envelopes are reported as failures instead of being bound to the row they are found in.
 *
 * After it reports no failures, the old key can be removed from `CALSYNC_ENCRYPTION_KEYS`. The run
 * is recorded in the audit log (no tenant) as `encryption.rotated` by `actor` (default `cli`).
 *
 * @example
 * // CALSYNC_ENCRYPTION_KEYS=new:…,old:…
 * const report = await rotateEncryption(ctx);
 */
export async function rotateEncryption(
  ctx: Pick<ServerContext, 'sql' | 'keyring'>,
  options: { batchSize?: number; actor?: string; unbound?: 'bind' | 'refuse' } = {},
): Promise<RotationReport> {
  const report = await rewriteEnvelopes(ctx, {
    select: 'stale',
    unbound: options.unbound ?? 'bind',
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  await recordAudit(ctx.sql, {
    tenantId: null,
    actor: options.actor ?? 'cli',
    action: 'encryption.rotated',
    details: { key_id: ctx.keyring.currentKeyId, report },
  });
  return report;
}

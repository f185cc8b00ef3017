import type { ServerContext } from '../context.js';
import { ENVELOPE_COLUMNS } from './envelope-columns.js';
import { DecryptionError, Keyring } from './keyring.js';

/** What a rewrite did, per `table.column`. */
export type RewriteReport = Record<
  string,
  { rotated: number; failed: number; failedKeys: string[] }
>;

/** Options of {@link rewriteEnvelopes}. */
export interface RewriteOptions {
  /**
   * `unbound`: only envelopes that are not bound to their row (`v1`); `stale`: also every bound
   * one not written with the current key.
   */
  readonly select: 'unbound' | 'stale';
  /**
   * `bind` (default): unbound envelopes are read and rewritten bound to the row they are in;
   * `refuse`: they are reported as failures and left as they are.
   */
  readonly unbound?: 'bind' | 'refuse';
  readonly batchSize?: number;
  /** Called inside each batch's transaction, after its updates (a throw rolls the batch back). */
  readonly onBatch?: (table: string, rows: number) => void | Promise<void>;
}

/**
 * Re-encrypts the selected envelopes of every {@link ENVELOPE_COLUMNS} column with the current
 * key, bound to their row, in batches of `batchSize` rows, each batch in its own transaction.
 * Idempotent and resumable: rewritten envelopes no longer match the selection, so an interrupted
 * run is simply run again. An envelope no configured key opens is left as it is and reported (by
 * row key). A row changed meanwhile (a token refresh) is left to that writer.
 *
 * @example
 * const report = await rewriteEnvelopes(ctx, { select: 'unbound' });
 */
export async function rewriteEnvelopes(
  ctx: Pick<ServerContext, 'sql' | 'keyring'>,
  options: RewriteOptions,
): Promise<RewriteReport> {
  const batchSize = options.batchSize ?? 200;
  const reader =
    options.unbound === 'refuse' ? ctx.keyring.refusingUnbound() : ctx.keyring.acceptingUnbound();
  const current = ctx.keyring.currentKeyId;
  const report: RewriteReport = {};
  const { sql } = ctx;
  for (const spec of ENVELOPE_COLUMNS) {
    const entry = { rotated: 0, failed: 0, failedKeys: [] as string[] };
    report[`${spec.table}.${spec.column}`] = entry;
    const keyText = sql.unsafe(spec.keyExpression);
    const column = sql(spec.column);
    const selected =
      options.select === 'unbound'
        ? sql`split_part(${column}, '.', 1) <> 'v2'`
        : sql`(split_part(${column}, '.', 1) <> 'v2' or split_part(${column}, '.', 2) <> ${current})`;
    let after = '';
    for (;;) {
      const rows = await sql<{ key: string; tenant_id: string; envelope: string }[]>`
        select ${keyText} as key, tenant_id, ${column} as envelope from ${sql(spec.table)}
        where ${column} is not null and ${selected} and ${keyText} > ${after}
        order by ${keyText} limit ${batchSize}`;
      if (rows.length === 0) break;
      await sql.begin(async (tx) => {
        for (const row of rows) {
          const binding = spec.bindingOf(row.tenant_id, row.key);
          let plaintext: string;
          try {
            plaintext = reader.decrypt(row.envelope, binding);
          } catch (error) {
            if (!(error instanceof DecryptionError)) throw error;
            entry.failed++;
            entry.failedKeys.push(row.key);
            continue;
          }
          const envelope = ctx.keyring.encrypt(plaintext, binding);
          const updated = await tx`
            update ${tx(spec.table)} set ${tx(spec.column)} = ${envelope}
              ${spec.keyIdColumn ? tx`, ${tx(spec.keyIdColumn)} = ${Keyring.keyIdOf(envelope) ?? null}` : tx``}
            where ${tx.unsafe(spec.keyExpression)} = ${row.key}
              and ${tx(spec.column)} = ${row.envelope}
            returning 1`;
          entry.rotated += updated.length;
        }
        await options.onBatch?.(spec.table, rows.length);
      });
      after = rows.at(-1)!.key;
    }
  }
  return report;
}

import type { ServerContext } from '../context.js';
import { recordAudit } from '../store/audit.js';
import { DecryptionError, Keyring } from './keyring.js';

/** A column holding encryption envelopes, and how to address its rows. */
interface EnvelopeColumn {
  table: string;
  column: string;
  /** A unique column to page and update by. */
  key: string;
  /** Also set to the key id, where the table keeps one. */
  keyIdColumn?: string;
}

/** Every column of the schema that holds an envelope. */
export const ENVELOPE_COLUMNS: readonly EnvelopeColumn[] = [
  { table: 'connections', column: 'credentials', key: 'id', keyIdColumn: 'credentials_key_id' },
  { table: 'webhook_endpoints', column: 'secret', key: 'id' },
  { table: 'oauth_states', column: 'code_verifier', key: 'state_hash' },
  { table: 'video_meetings', column: 'passcode', key: 'id' },
];

/** What a rotation did, per `table.column`. */
export type RotationReport = Record<
  string,
  { rotated: number; failed: number; failedKeys: string[] }
>;

/**
 * Re-encrypts every envelope not written with the keyring's current (first) key, in batches of
 * `batchSize` rows, each batch in its own transaction. Idempotent: envelopes already on the current
 * key are skipped, so an interrupted run is simply run again. An envelope that no configured key
 * opens is left as it is and reported (by row key) instead of stopping the run. A row changed
 * meanwhile (a token refresh) is left to that writer, who used the current key anyway.
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
  options: { batchSize?: number; actor?: string } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  const current = ctx.keyring.currentKeyId;
  const report: RotationReport = {};
  for (const spec of ENVELOPE_COLUMNS) {
    const entry = { rotated: 0, failed: 0, failedKeys: [] as string[] };
    report[`${spec.table}.${spec.column}`] = entry;
    const { sql } = ctx;
    const keyText = sql.unsafe(`${spec.key}::text`);
    let after = '';
    for (;;) {
      const rows = await sql<{ key: string; envelope: string }[]>`
        select ${keyText} as key, ${sql(spec.column)} as envelope from ${sql(spec.table)}
        where ${sql(spec.column)} is not null
          and split_part(${sql(spec.column)}, '.', 2) <> ${current}
          and ${keyText} > ${after}
        order by ${keyText} limit ${batchSize}`;
      if (rows.length === 0) break;
      await sql.begin(async (tx) => {
        for (const row of rows) {
          let plaintext: string;
          try {
            plaintext = ctx.keyring.decrypt(row.envelope);
          } catch (error) {
            if (!(error instanceof DecryptionError)) throw error;
            entry.failed++;
            entry.failedKeys.push(row.key);
            continue;
          }
          const envelope = ctx.keyring.encrypt(plaintext);
          const updated = await tx`
            update ${tx(spec.table)} set ${tx(spec.column)} = ${envelope}
              ${spec.keyIdColumn ? tx`, ${tx(spec.keyIdColumn)} = ${Keyring.keyIdOf(envelope) ?? null}` : tx``}
            where ${tx.unsafe(`${spec.key}::text`)} = ${row.key}
              and ${tx(spec.column)} = ${row.envelope}
            returning 1`;
          entry.rotated += updated.length;
        }
      });
      after = rows.at(-1)!.key;
    }
  }
  await recordAudit(ctx.sql, {
    tenantId: null,
    actor: options.actor ?? 'cli',
    action: 'encryption.rotated',
    details: { key_id: current, report },
  });
  return report;
}

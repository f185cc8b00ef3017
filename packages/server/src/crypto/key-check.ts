import type { SQL } from '../db/connect.js';
import { ENVELOPE_COLUMNS } from './envelope-columns.js';
import { DecryptionError, type Keyring } from './keyring.js';

/** What {@link checkKeysAgainstStore} found. */
export interface KeyCheckReport {
  /** The key ids of the envelopes stored in every encrypted column, sorted. */
  readonly storedKeyIds: string[];
  /** Stored key ids the keyring does not hold. */
  readonly missingKeyIds: string[];
  /** Key ids the keyring holds under which a sampled envelope does not open (other key material). */
  readonly wrongKeyIds: string[];
}

/**
 * The keyring cannot read what the database holds: a key id is missing, or a key of the same id
 * is other key material. Names key ids only, never key material.
 */
export class EncryptionKeysMismatchError extends Error {
  override readonly name = 'EncryptionKeysMismatchError';
  readonly code = 'encryption_keys_mismatch';
  constructor(readonly report: KeyCheckReport) {
    const parts: string[] = [];
    if (report.missingKeyIds.length) {
      parts.push(`lacks key id(s) ${report.missingKeyIds.join(', ')}`);
    }
    if (report.wrongKeyIds.length) {
      parts.push(`holds other key material under key id(s) ${report.wrongKeyIds.join(', ')}`);
    }
    super(
      `CALSYNC_ENCRYPTION_KEYS ${parts.join(' and ')} used by secrets stored in the database; ` +
        'give this process the same keys as the others',
    );
  }
}

/** The key ids of the envelopes stored in the encrypted columns (empty: nothing is encrypted). */
export async function storedEnvelopeKeyIds(sql: SQL): Promise<string[]> {
  const ids = new Set<string>();
  for (const spec of ENVELOPE_COLUMNS) {
    const column = sql(spec.column);
    const rows = await sql<{ key_id: string }[]>`
      select distinct split_part(${column}, '.', 2) as key_id from ${sql(spec.table)}
      where ${column} is not null`;
    for (const row of rows) ids.add(row.key_id);
  }
  return [...ids].sort();
}

/**
 * Checks that `keyring` opens what the database holds: every key id of the stored envelopes must
 * be in it, and up to `samplePerKey` envelopes per key id and column (default 20) must decrypt
 * with it. An envelope that fails for another reason than its key (copied to another row, an
 * unbound one while those are refused) does not count against the key as long as another sample
 * under it opens.
 *
 * @example
 * const report = await checkKeysAgainstStore(sql, keyring);
 * if (report.missingKeyIds.length || report.wrongKeyIds.length) {
 *   throw new EncryptionKeysMismatchError(report);
 * }
 */
export async function checkKeysAgainstStore(
  sql: SQL,
  keyring: Keyring,
  options: { samplePerKey?: number } = {},
): Promise<KeyCheckReport> {
  const samplePerKey = options.samplePerKey ?? 20;
  const held = new Set(keyring.keys.map((k) => k.id));
  const reader = keyring.acceptingUnbound();
  const stored = new Set<string>();
  const opened = new Set<string>();
  const failed = new Set<string>();
  for (const spec of ENVELOPE_COLUMNS) {
    const column = sql(spec.column);
    const keyText = sql.unsafe(spec.keyExpression);
    const keyIds = await sql<{ key_id: string }[]>`
      select distinct split_part(${column}, '.', 2) as key_id from ${sql(spec.table)}
      where ${column} is not null`;
    for (const { key_id: keyId } of keyIds) {
      stored.add(keyId);
      if (!held.has(keyId) || opened.has(keyId)) continue;
      const sample = await sql<{ key: string; tenant_id: string; envelope: string }[]>`
        select ${keyText} as key, tenant_id, ${column} as envelope from ${sql(spec.table)}
        where ${column} is not null and split_part(${column}, '.', 2) = ${keyId}
        limit ${samplePerKey}`;
      for (const row of sample) {
        try {
          reader.decrypt(row.envelope, spec.bindingOf(row.tenant_id, row.key));
          opened.add(keyId);
          break;
        } catch (error) {
          if (!(error instanceof DecryptionError)) throw error;
          failed.add(keyId);
        }
      }
    }
  }
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  return {
    storedKeyIds: sorted(stored),
    missingKeyIds: sorted([...stored].filter((id) => !held.has(id))),
    wrongKeyIds: sorted([...failed].filter((id) => !opened.has(id))),
  };
}

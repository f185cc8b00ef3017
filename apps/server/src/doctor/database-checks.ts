import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ENVELOPE_COLUMNS, Keyring, loadMigrations, type SQL } from '@calsync/server';
import type { ServerConfig } from '../config.js';
import { keyFilePath } from '../encryption-keys.js';
import type { CheckResult } from './check-result.js';

/** Stored secrets tried per column: enough to catch a missing key, cheap on a large table. */
export const KEY_SAMPLE_PER_COLUMN = 25;

/**
 * The database answers (with its server version). A FAIL here skips the checks that need it.
 *
 * @example
 * const result = await checkDatabase(sql);
 */
export async function checkDatabase(sql: SQL): Promise<CheckResult> {
  try {
    const [row] = await sql<
      { version: string }[]
    >`select current_setting('server_version') as version`;
    return { status: 'PASS', check: 'database', detail: `reachable (PostgreSQL ${row?.version})` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      status: 'FAIL',
      check: 'database',
      detail: `not reachable (${reason}); check DATABASE_URL, the network and pg_hba.conf`,
    };
  }
}

/**
 * Every migration this release ships is applied (and none is unknown to it: a newer release
 * migrated the database).
 *
 * @example
 * const result = await checkMigrations(sql);
 */
export async function checkMigrations(sql: SQL): Promise<CheckResult> {
  const check = 'migrations';
  const shipped = await loadMigrations();
  const [table] = await sql<{ t: string | null }[]>`select to_regclass('schema_migrations') as t`;
  const applied = table?.t
    ? await sql<{ version: number }[]>`select version from schema_migrations order by version`
    : [];
  const appliedVersions = new Set(applied.map((r) => r.version));
  const pending = shipped.filter((m) => !appliedVersions.has(m.version));
  const known = new Set(shipped.map((m) => m.version));
  const unknown = applied.filter((r) => !known.has(r.version));
  if (pending.length) {
    return {
      status: 'FAIL',
      check,
      detail: `${pending.length} of ${shipped.length} not applied (${pending
        .map((m) => `${m.version}_${m.name}`)
        .join(', ')}): run calsync migrate`,
    };
  }
  if (unknown.length) {
    return {
      status: 'WARN',
      check,
      detail: `the database has ${unknown.length} migration(s) newer than this release: upgrade it`,
    };
  }
  return { status: 'PASS', check, detail: `all ${shipped.length} applied` };
}

/** The configured keyring, or the data dir's development key; undefined when there is neither. */
async function configuredKeyring(config: ServerConfig): Promise<Keyring | undefined> {
  const options = { unbound: config.unboundEnvelopes === 'bind' ? 'accept' : 'refuse' } as const;
  if (config.encryptionKeys) return Keyring.parse(config.encryptionKeys, options);
  const file = keyFilePath(config.dataDir);
  if (!existsSync(file)) return undefined;
  return Keyring.parse((await readFile(file, 'utf8')).trim(), options);
}

/**
 * The keys open the stored secrets: up to {@link KEY_SAMPLE_PER_COLUMN} of each secret column are
 * decrypted. A process with other keys would fail every sync of those connections.
 *
 * @example
 * const result = await checkKeys(sql, config);
 */
export async function checkKeys(sql: SQL, config: ServerConfig): Promise<CheckResult> {
  const check = 'keys';
  const keyring = await configuredKeyring(config);
  if (!keyring) {
    return {
      status: config.sandbox ? 'WARN' : 'FAIL',
      check,
      detail:
        'CALSYNC_ENCRYPTION_KEYS is unset and the data dir has no key: a process would generate ' +
        'its own and could not read what the others wrote',
    };
  }
  let tried = 0;
  const failures: string[] = [];
  const missingKeyIds = new Set<string>();
  for (const spec of ENVELOPE_COLUMNS) {
    const rows = await sql<{ key: string; tenant_id: string; envelope: string }[]>`
      select ${sql.unsafe(spec.keyExpression)} as key, tenant_id, ${sql(spec.column)} as envelope
      from ${sql(spec.table)} where ${sql(spec.column)} is not null
      limit ${KEY_SAMPLE_PER_COLUMN}`;
    let failed = 0;
    for (const row of rows) {
      tried++;
      try {
        keyring.decrypt(row.envelope, spec.bindingOf(row.tenant_id, row.key));
      } catch {
        failed++;
        const keyId = row.envelope.split('.')[1];
        if (keyId) missingKeyIds.add(keyId);
      }
    }
    if (failed) failures.push(`${spec.table}.${spec.column}: ${failed} of ${rows.length}`);
  }
  const source = config.encryptionKeys ? 'CALSYNC_ENCRYPTION_KEYS' : 'the data dir key';
  if (failures.length) {
    return {
      status: 'FAIL',
      check,
      detail:
        `${source} cannot open stored secrets (${failures.join('; ')}; envelope key ids ` +
        `${[...missingKeyIds].sort().join(', ')}): give every process the same keys`,
    };
  }
  if (!config.encryptionKeys && !config.sandbox) {
    return {
      status: 'WARN',
      check,
      detail: `only the data dir key opens ${tried} stored secret(s): set CALSYNC_ENCRYPTION_KEYS`,
    };
  }
  return {
    status: 'PASS',
    check,
    detail: tried ? `${source} opens ${tried} sampled stored secret(s)` : 'no stored secrets yet',
  };
}

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from '../db/connect.js';

/** One migration file: `NNNN_name.sql` under the package's `migrations/` folder. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** What {@link migrate} did. */
export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** A migration file was edited after it was applied: forward-only means add a new file instead. */
export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
  readonly code = 'migration_checksum_mismatch';
  constructor(readonly migration: string) {
    super(`migration ${migration} changed after it was applied; add a new migration instead`);
  }
}

// Both processes that race to migrate take this lock; the loser waits and then finds nothing to do.
const MIGRATION_LOCK_KEY = 727_001;
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Finds the `migrations/` folder whether running from `src/` (tests) or `dist/` (built). */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'migrations')) && existsSync(join(dir, 'package.json'))) {
      return join(dir, 'migrations');
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find the migrations folder of @calsync/server');
}

/** Reads and orders the migration files. */
export async function loadMigrations(dir: string = migrationsDir()): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new Error(`migration file name ${file} must look like 0001_name.sql`);
    const sql = await readFile(join(dir, file), 'utf8');
    migrations.push({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration versions must be 1..n without gaps`);
  });
  return migrations;
}

/**
 * Applies every pending migration, each in its own transaction and recorded in
 * `schema_migrations`. Safe to run from several processes at once.
 *
 * @example
 * const report = await migrate(sql);
 */
export async function migrate(sql: SQL, migrations?: Migration[]): Promise<MigrationReport> {
  const all = migrations ?? (await loadMigrations());
  const report: MigrationReport = { applied: [], alreadyApplied: 0 };
  for (const migration of all) {
    const applied = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`;
      await tx`
        create table if not exists schema_migrations (
          version integer primary key,
          name text not null,
          checksum text not null,
          applied_at timestamptz not null default now()
        )`;
      const [row] = await tx<{ checksum: string }[]>`
        select checksum from schema_migrations where version = ${migration.version}`;
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationChecksumError(`${migration.version}_${migration.name}`);
        }
        return false;
      }
      await tx.unsafe(migration.sql);
      await tx`
        insert into schema_migrations (version, name, checksum)
        values (${migration.version}, ${migration.name}, ${migration.checksum})`;
      return true;
    });
    if (applied) report.applied.push(`${migration.version}_${migration.name}`);
    else report.alreadyApplied++;
  }
  return report;
}

/** True when every known migration is recorded as applied (what `/readyz` checks). */
export async function isSchemaCurrent(sql: SQL, migrations?: Migration[]): Promise<boolean> {
  const all = migrations ?? (await loadMigrations());
  const exists = await sql<{ t: string | null }[]>`select to_regclass('schema_migrations') as t`;
  if (!exists[0]?.t) return false;
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from schema_migrations`;
  return (row?.n ?? 0) >= all.length;
}

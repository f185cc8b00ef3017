import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../db/connect.js';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { loadMigrations, migrate, MigrationChecksumError, isSchemaCurrent } from './migrate.js';

/** A bare database (not from the migrated template) on the same server as `db`. */
async function createEmptyDatabase(db: TestDatabase, name: string): Promise<string> {
  await db.sql.unsafe(`create database "${name}"`);
  const url = new URL(db.url);
  url.pathname = '/' + name;
  return url.toString();
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('applies every migration once and records it', async () => {
    const url = await createEmptyDatabase(db, `${db.name}_fresh`);
    const sql = connectDatabase(url, { max: 2 });
    try {
      expect(await isSchemaCurrent(sql)).toBe(false);
      const first = await migrate(sql);
      const all = await loadMigrations();
      expect(first.applied).toHaveLength(all.length);
      const second = await migrate(sql);
      expect(second).toEqual({ applied: [], alreadyApplied: all.length });
      expect(await isSchemaCurrent(sql)).toBe(true);
    } finally {
      await sql.end();
      await db.sql.unsafe(`drop database "${db.name}_fresh" with (force)`);
    }
  });

  it('lets only one of two racing processes migrate', async () => {
    const url = await createEmptyDatabase(db, `${db.name}_race`);
    const a = connectDatabase(url, { max: 2 });
    const b = connectDatabase(url, { max: 2 });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const all = await loadMigrations();
      expect(ra.applied.length + rb.applied.length).toBe(all.length);
      const rows = await a`select version from schema_migrations order by version`;
      expect(rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
    } finally {
      await a.end();
      await b.end();
      await db.sql.unsafe(`drop database "${db.name}_race" with (force)`);
    }
  });

  it('refuses a migration that was edited after it was applied', async () => {
    const [first, ...rest] = await loadMigrations();
    const edited = { ...first!, checksum: 'edited' };
    await expect(migrate(db.sql, [edited, ...rest])).rejects.toBeInstanceOf(MigrationChecksumError);
  });

  it('rolls a failing migration back whole', async () => {
    const all = await loadMigrations();
    const broken = {
      version: all.length + 1,
      name: 'broken',
      sql: 'create table half_done (id int); select * from no_such_table;',
      checksum: 'x',
    };
    await expect(migrate(db.sql, [...all, broken])).rejects.toThrow(/no_such_table/);
    const [exists] = await db.sql`select to_regclass('half_done') as t`;
    expect(exists?.t).toBeNull();
    const recorded =
      await db.sql`select 1 from schema_migrations where version = ${broken.version}`;
    expect(recorded).toHaveLength(0);
  });
});

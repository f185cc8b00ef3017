import { createHash, randomBytes } from 'node:crypto';
import { connectDatabase, type SQL } from '../db/connect.js';
import { loadMigrations, migrate } from '../store/migrate.js';

/** The environment variable through which a test run names its Postgres. */
export const TEST_DATABASE_ENV = 'CALSYNC_TEST_DATABASE_URL';

/** A database of its own for one test file. */
export interface TestDatabase {
  url: string;
  name: string;
  sql: SQL;
  /** Closes connections and drops the database. */
  drop(): Promise<void>;
}

const TEMPLATE_LOCK_KEY = 727_002;

function adminUrl(): string {
  const url = process.env[TEST_DATABASE_ENV] ?? process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      `no test database: set ${TEST_DATABASE_ENV} (npm test does) or add ` +
        `'@calsync/server/testing/global-setup' to the vitest globalSetup`,
    );
  }
  return url;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/' + database;
  return parsed.toString();
}

/**
 * Makes (once per schema version) a migrated template database, so each test file gets a fresh
 * copy in milliseconds instead of replaying every migration.
 */
async function ensureTemplate(admin: SQL, url: string): Promise<string> {
  const migrations = await loadMigrations();
  const digest = createHash('sha256');
  for (const m of migrations) digest.update(m.checksum);
  const name = `calsync_template_${digest.digest('hex').slice(0, 16)}`;
  // CREATE DATABASE cannot run in a transaction, so hold a session lock on the single connection.
  await admin`select pg_advisory_lock(${TEMPLATE_LOCK_KEY})`;
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
    if (!exists) {
      const building = `${name}_building`;
      await admin.unsafe(`drop database if exists "${building}" with (force)`);
      await admin.unsafe(`create database "${building}"`);
      const sql = connectDatabase(withDatabase(url, building), { max: 1 });
      try {
        await migrate(sql, migrations);
      } finally {
        await sql.end();
      }
      await admin.unsafe(`alter database "${building}" rename to "${name}"`);
    }
  } finally {
    await admin`select pg_advisory_unlock(${TEMPLATE_LOCK_KEY})`;
  }
  return name;
}

/**
 * Creates an isolated, migrated database for one test file, so files run in parallel.
 *
 * @example
 * let db: TestDatabase;
 * beforeAll(async () => { db = await createTestDatabase(); });
 * afterAll(() => db.drop());
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = adminUrl();
  const admin = connectDatabase(url, { max: 1 });
  try {
    const template = await ensureTemplate(admin, url);
    const name = `calsync_test_${randomBytes(6).toString('hex')}`;
    await admin.unsafe(`create database "${name}" template "${template}"`);
    const dbUrl = withDatabase(url, name);
    const sql = connectDatabase(dbUrl, { max: 4 });
    return {
      url: dbUrl,
      name,
      sql,
      drop: async () => {
        await sql.end({ timeout: 5 });
        const dropper = connectDatabase(url, { max: 1 });
        try {
          await dropper.unsafe(`drop database if exists "${name}" with (force)`);
        } finally {
          await dropper.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../db/embedded-postgres.js';
import { TEST_DATABASE_ENV } from './database.js';

let started: EmbeddedPostgresHandle | undefined;

/**
 * vitest globalSetup: uses the run's Postgres when `CALSYNC_TEST_DATABASE_URL` (or `DATABASE_URL`)
 * is set, else starts a throwaway embedded Postgres for this run.
 */
export async function setup(): Promise<void> {
  if (process.env[TEST_DATABASE_ENV]) return;
  if (process.env.DATABASE_URL) {
    process.env[TEST_DATABASE_ENV] = process.env.DATABASE_URL;
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'calsync-test-pg-'));
  started = await startEmbeddedPostgres({ dataDir, persistent: false });
  process.env[TEST_DATABASE_ENV] = started.url;
}

/** Stops the embedded Postgres this run started, if any. */
export async function teardown(): Promise<void> {
  await started?.stop();
}

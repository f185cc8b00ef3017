import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@calsync/server';
import { createTestDatabase, type TestDatabase } from '@calsync/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCliEnv } from '../src/cli-context.js';
import { loadConfig } from '../src/config.js';
import { startCalsync, type RunningCalsync } from '../src/runtime.js';

/** An API and a worker process on one database, sized by the scaling knobs. */
describe('scaling knobs on a split deployment', () => {
  let db: TestDatabase;
  let dataDir: string;
  const running: RunningCalsync[] = [];
  const keys = `k1:${randomBytes(32).toString('base64')}`;

  function configFor(role: 'api' | 'worker', env: Record<string, string> = {}) {
    return loadConfig({
      DATABASE_URL: db.url,
      CALSYNC_DATA_DIR: dataDir,
      CALSYNC_ROLE: role,
      CALSYNC_ENCRYPTION_KEYS: keys,
      PORT: '0',
      CALSYNC_DATABASE_POOL_MAX: '3',
      CALSYNC_QUEUE_POOL_MAX: '2',
      ...env,
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'calsync-scaling-'));
    const logger = createLogger({ level: 'silent' });
    running.push(
      await startCalsync(configFor('api', { CALSYNC_LISTEN_HOST: '127.0.0.3' }), logger),
      await startCalsync(configFor('worker'), logger),
    );
  });
  afterAll(async () => {
    for (const process of running.reverse()) await process.stop();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('binds the HTTP server to CALSYNC_LISTEN_HOST', async () => {
    const api = running[0]!;
    const response = await fetch(`http://127.0.0.3:${api.port}/healthz`);
    expect(response.status).toBe(200);
    await expect(fetch(`http://127.0.0.1:${api.port}/healthz`)).rejects.toThrow();
  });

  it('names every connection after its role, each pool within its size', async () => {
    const cli = await openCliEnv(configFor('api'));
    try {
      await cli.context();
      await cli.sql`select 1`;
      const rows = await db.sql<{ name: string; n: number }[]>`
        select application_name as name, count(*)::int as n from pg_stat_activity
        where datname = ${db.name} and pid <> pg_backend_pid()
        group by application_name order by application_name`;
      const byName = Object.fromEntries(rows.map((r) => [r.name, r.n]));
      expect(Object.keys(byName)).toEqual(
        expect.arrayContaining(['calsync-api', 'calsync-cli', 'calsync-queue', 'calsync-worker']),
      );
      // No connection of the processes goes unnamed (the test's own pool is `calsync`).
      expect(Object.keys(byName).filter((name) => !name.startsWith('calsync'))).toEqual([]);
      // Own pool of 3, plus one LISTEN connection (changes on the API, job wake-ups on workers).
      expect(byName['calsync-api']).toBeLessThanOrEqual(3 + 1);
      expect(byName['calsync-worker']).toBeLessThanOrEqual(3);
      // Three queues (API, worker, CLI) of 2, plus the worker's listener.
      expect(byName['calsync-queue']).toBeLessThanOrEqual(3 * 2 + 1);
      expect(byName['calsync-cli']).toBeLessThanOrEqual(2);
    } finally {
      await cli.close();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@calsync/server';
import { createTestDatabase, type TestDatabase } from '@calsync/server/testing';
import { loadConfig, startCalsync, type RunningCalsync } from '@calsync/server-app';

/** A whole Calsync process with the sandbox, as `npm start` runs it, on a free port. */
export interface SandboxedCalsync {
  running: RunningCalsync;
  baseUrl: string;
  secretKey: string;
  /** Stops the process and drops its database. */
  stop(): Promise<void>;
}

/**
 * Starts the real server (HTTP, workers, sandbox emulators, demo page) on its own database;
 * `env` adds settings (`CALSYNC_CORS_ORIGINS` for a page on another origin, say).
 *
 * @example
 * const calsync = await startSandboxedCalsync({ CALSYNC_CORS_ORIGINS: 'http://127.0.0.1:5173' });
 */
export async function startSandboxedCalsync(
  env: Record<string, string> = {},
): Promise<SandboxedCalsync> {
  const database: TestDatabase = await createTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'calsync-e2e-'));
  const config = loadConfig({
    DATABASE_URL: database.url,
    PORT: '0',
    CALSYNC_SANDBOX: '1',
    CALSYNC_DATA_DIR: dataDir,
    CALSYNC_LOG_LEVEL: 'warn',
    CALSYNC_ENCRYPTION_KEYS: `e2e:${randomBytes(32).toString('base64')}`,
    ...env,
  });
  const running = await startCalsync(config, createLogger({ level: 'warn' }));
  if (!running.baseUrl || !running.devTenant) {
    await running.stop();
    throw new Error('the process serves no HTTP or made no dev tenant');
  }
  return {
    running,
    baseUrl: running.baseUrl,
    secretKey: running.devTenant.secret_key,
    async stop() {
      await running.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

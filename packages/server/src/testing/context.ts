import { randomBytes } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import type { ServerContext } from '../context.js';
import { Keyring } from '../crypto/keyring.js';
import { startJobQueue } from '../jobs/boss.js';
import { pgBossSender } from '../jobs/sender.js';
import { createLogger } from '../logging.js';
import { NO_SYNC_HOOKS } from '../services/sync-hooks.js';
import type { TestDatabase } from './database.js';

/** A clock tests move by hand. */
export interface TestClock {
  now: () => Date;
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** A settable clock starting at `start`. */
export function createTestClock(start: Date | string = '2026-06-01T09:00:00Z'): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/** A server context over a test database with a real pg-boss. */
export interface TestContext {
  ctx: ServerContext;
  clock: TestClock;
  boss: PgBoss;
  close(): Promise<void>;
}

/**
 * Builds a {@link ServerContext} for tests: the test database, a fresh keyring, a silent logger,
 * a settable clock and a real pg-boss on the same database (workers off unless started).
 */
export async function createTestContext(
  db: TestDatabase,
  overrides: Partial<ServerContext> = {},
): Promise<TestContext> {
  const clock = createTestClock();
  // Tests start workers on this queue when they need them; the listener makes them wake on send
  // as a worker process's do.
  const boss = await startJobQueue({ databaseUrl: db.url, role: 'api', listen: true });
  const ctx: ServerContext = {
    sql: db.sql,
    keyring: Keyring.parse(`test:${randomBytes(32).toString('base64')}`),
    logger: createLogger({ level: 'silent' }),
    now: clock.now,
    jobs: pgBossSender(boss),
    baseUrl: 'http://127.0.0.1:8787',
    corsOrigins: ['http://host.example'],
    sync: NO_SYNC_HOOKS,
    ...overrides,
  };
  return { ctx, clock, boss, close: () => boss.stop({ graceful: false, close: true }) };
}

import {
  connectDatabase,
  createLogger,
  NO_SYNC_HOOKS,
  pgBossSender,
  startJobQueue,
  type ServerContext,
  type SQL,
} from '@calsync/server';
import type { PgBoss } from 'pg-boss';
import type { ServerConfig } from './config.js';
import { resolveDatabase } from './database.js';
import { openCheckedKeyring } from './encryption-keys.js';

/** What a CLI command may use; the job queue starts only for commands that enqueue. */
export interface CliEnv {
  sql: SQL;
  config: ServerConfig;
  /** A server context with a send-only job queue (no workers: a running server works the jobs). */
  context(): Promise<ServerContext>;
  /** The send-only job queue of {@link CliEnv.context} (started with it). */
  jobQueue(): Promise<PgBoss>;
  close(): Promise<void>;
}

/** Opens the database (shared with a running server when embedded) for one CLI command. */
export async function openCliEnv(config: ServerConfig): Promise<CliEnv> {
  const db = await resolveDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    shareRunning: true,
  });
  const sql = connectDatabase(db.url, { max: 2, applicationName: 'calsync-cli' });
  let boss: PgBoss | undefined;
  let ctx: ServerContext | undefined;
  const env: CliEnv = {
    sql,
    config,
    context: async () => {
      if (ctx) return ctx;
      // The same start-up check as the server's: refuses keys that cannot read the database.
      const { keyring } = await openCheckedKeyring(sql, config);
      boss = await startJobQueue({ databaseUrl: db.url, role: 'api' });
      ctx = {
        sql,
        keyring,
        logger: createLogger({ level: 'warn' }),
        now: () => new Date(),
        jobs: pgBossSender(boss),
        baseUrl: config.baseUrl,
        corsOrigins: config.corsOrigins,
        sync: NO_SYNC_HOOKS,
      };
      return ctx;
    },
    jobQueue: async () => {
      if (!boss) await env.context();
      return boss!;
    },
    close: async () => {
      await boss?.stop({ graceful: false, close: true });
      await sql.end({ timeout: 5 });
      await db.release();
    },
  };
  return env;
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRadicale, type TestCalDAVServer } from '@calsync/caldav/testing';
import { startSandboxServer, type RunningSandboxServer } from '@calsync/sandbox';
import { JOB_SCHEMA, PULL_QUEUE, PUSH_QUEUE, startJobQueue } from '@calsync/server';
import { createTestDatabase, type TestDatabase } from '@calsync/server/testing';
import {
  startCalsyncProcess,
  type CalsyncProcess,
  type CalsyncProcessEnv,
} from './calsync-processes.js';

type JobQueue = Awaited<ReturnType<typeof startJobQueue>>;

/**
 * The long-lived system under test: Postgres (a test database), one sandbox and one Radicale that
 * outlive every kill, an API process and a worker process of the real server on that database.
 */
export interface ConvergenceStack {
  readonly db: TestDatabase;
  readonly sandbox: RunningSandboxServer;
  readonly radicale: TestCalDAVServer;
  /** `http://127.0.0.1:<port>` of the API process. */
  readonly baseUrl: string;
  /** Whether the worker process is running. */
  workerRunning(): boolean;
  /** SIGKILLs the worker and hands the jobs it held back to pg-boss (its crash recovery). */
  killWorker(): Promise<void>;
  /** Starts the worker again when it is not running. */
  ensureWorker(): Promise<void>;
  /**
   * Sync jobs waiting, backing off or running — of these connections only, when given (a job
   * left stuck by an earlier scenario is that scenario's failure, not the next one's).
   */
  pendingJobs(connectionIds?: readonly string[]): Promise<number>;
  /** The sync jobs still queued or running: queue, state, retries, when they may run. */
  describeJobs(connectionIds?: readonly string[]): Promise<string[]>;
  /** The last lines the processes wrote. */
  processOutput(): string[];
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts everything once. `createTestDatabase` needs the test package's global setup (the
 * embedded Postgres of the run).
 *
 * @example
 * const stack = await startConvergenceStack();
 */
export async function startConvergenceStack(): Promise<ConvergenceStack> {
  const db = await createTestDatabase();
  const sandbox = await startSandboxServer({ port: 0 });
  // No authentication: every scenario is a fresh user with a calendar of its own.
  const radicale = await startRadicale();
  const dataDir = await mkdtemp(join(tmpdir(), 'calsync-convergence-'));
  const env: CalsyncProcessEnv = {
    databaseUrl: db.url,
    port: await freePort(),
    sandboxUrl: sandbox.url,
    dataDir,
    encryptionKeys: `convergence:${randomBytes(32).toString('base64')}`,
  };
  // The API process migrates the database before the worker starts on it.
  const api = await startCalsyncProcess('api', env);
  let worker: CalsyncProcess | undefined = await startCalsyncProcess('worker', env);
  const finished: string[] = [];
  // A client of the job tables only (no workers, no supervision).
  const jobs: JobQueue = await startJobQueue({ databaseUrl: db.url, role: 'api' });
  const running = () => worker !== undefined;

  return {
    db,
    sandbox,
    radicale,
    baseUrl: `http://127.0.0.1:${env.port}`,
    workerRunning: running,
    async killWorker() {
      if (!worker) return;
      await worker.kill();
      finished.push(...worker.output().slice(-20));
      worker = undefined;
      // pg-boss takes a dead worker's jobs back when they pass `expireInSeconds` (minutes in
      // production); no other process works the queues, so every active job is the dead one's.
      const active = await db.sql<{ id: string; name: string }[]>`
        select id, name from ${db.sql(JOB_SCHEMA)}.job
        where state = 'active' and name in (${PULL_QUEUE}, ${PUSH_QUEUE})`;
      for (const job of active) await jobs.fail(job.name, job.id, { message: 'worker killed' });
    },
    async ensureWorker() {
      if (!worker) worker = await startCalsyncProcess('worker', env);
    },
    async pendingJobs(connectionIds) {
      const [row] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from ${db.sql(JOB_SCHEMA)}.job
        where name in (${PULL_QUEUE}, ${PUSH_QUEUE}) and state in ('created', 'retry', 'active')
          and (${connectionIds ? [...connectionIds] : null}::text[] is null
               or data->>'connectionId' = any(${connectionIds ? [...connectionIds] : null}::text[]))`;
      return row?.n ?? 0;
    },
    async describeJobs(connectionIds) {
      const rows = await db.sql<{ line: string }[]>`
        select name || ' ' || state || ' retry ' || retry_count || ' after ' ||
               to_char(start_after, 'HH24:MI:SS') || ' ' || coalesce(singleton_key, '') as line
        from ${db.sql(JOB_SCHEMA)}.job
        where name in (${PULL_QUEUE}, ${PUSH_QUEUE}) and state in ('created', 'retry', 'active')
          and (${connectionIds ? [...connectionIds] : null}::text[] is null
               or data->>'connectionId' = any(${connectionIds ? [...connectionIds] : null}::text[]))
        limit 5`;
      // Sessions waiting on a lock or holding a transaction open: why a job may not finish.
      const sessions = await db.sql<{ line: string }[]>`
        select state || ' ' || coalesce(wait_event_type || ':' || wait_event, '-') || ' ' ||
               extract(epoch from now() - xact_start)::int || 's ' || left(query, 120) as line
        from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()
          and (wait_event_type = 'Lock' or state like 'idle in transaction%')
        limit 5`;
      return [...rows, ...sessions].map((r) => r.line);
    },
    processOutput: () => [...finished, ...api.output(), ...(worker?.output() ?? [])].slice(-80),
    async close() {
      await jobs.stop({ graceful: false, close: true });
      await worker?.stop();
      await api.stop();
      await radicale.stop();
      await sandbox.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

import { PgBoss } from 'pg-boss';
import { SUPERVISE_INTERVAL_SECONDS } from './liveness.js';

/** What a process does: serve HTTP, run workers, or both. */
export type ProcessRole = 'api' | 'worker' | 'all';

/** Options for {@link startJobQueue}. */
export interface JobQueueOptions {
  databaseUrl: string;
  role: ProcessRole;
  /**
   * Hold a LISTEN connection so workers of notify-enabled queues wake the moment a job is sent
   * (any process's send notifies on commit). Default: on for processes that run workers.
   */
  listen?: boolean;
  /** Connections of pg-boss's own pool (`CALSYNC_QUEUE_POOL_MAX`); default 4. */
  poolMax?: number;
  /** Receives pg-boss errors (a lost connection, a failed maintenance run). */
  onError?: (error: Error) => void;
}

/** pg-boss lives in its own schema on the application's database. */
export const JOB_SCHEMA = 'pgboss';

/**
 * Starts pg-boss. Every role can enqueue; only `worker` and `all` supervise queues and run
 * schedules, so an API-only process adds no background load. Supervision runs every
 * {@link SUPERVISE_INTERVAL_SECONDS}, so a job whose worker died (its heartbeat went silent) is
 * failed and retried within seconds.
 *
 * @example
 * const boss = await startJobQueue({ databaseUrl, role: 'all' });
 * await boss.stop({ graceful: true });
 */
export async function startJobQueue(options: JobQueueOptions): Promise<PgBoss> {
  const runsWorkers = options.role !== 'api';
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: JOB_SCHEMA,
    // Its connections are told apart from the process's own pool in pg_stat_activity.
    application_name: 'calsync-queue',
    supervise: runsWorkers,
    superviseIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
    monitorIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
    schedule: runsWorkers,
    max: options.poolMax ?? 4,
    useListenNotify: options.listen ?? runsWorkers,
  });
  boss.on('error', (error: Error) => options.onError?.(error));
  await boss.start();
  return boss;
}

import type { PgBoss } from 'pg-boss';
import { ERASED_CONNECTION_QUEUE, type ErasedConnectionJob } from './erase.js';

/**
 * Does the provider side of an erased user's connection: delete `job.events` from the calendars,
 * stop watch channels, revoke the tokens. The sync runtime provides it; it must treat "already
 * gone" (404/410) as success, since a retry repeats it.
 */
export type ErasedConnectionCleanup = (job: ErasedConnectionJob) => Promise<void>;

/**
 * Creates the erase clean-up queue and, on worker processes with a clean-up function, works it.
 * Without one, jobs wait in the queue (for up to pg-boss's retention, 14 days) until a worker
 * that has one starts.
 *
 * @example
 * await registerErasedConnectionCleanup(boss, { runsWorkers: true, cleanup: sync.cleanupErased });
 */
export async function registerErasedConnectionCleanup(
  boss: PgBoss,
  options: { runsWorkers: boolean; cleanup?: ErasedConnectionCleanup },
): Promise<void> {
  await boss.createQueue(ERASED_CONNECTION_QUEUE);
  const cleanup = options.cleanup;
  if (!options.runsWorkers || !cleanup) return;
  await boss.work<ErasedConnectionJob>(ERASED_CONNECTION_QUEUE, async ([job]) => {
    if (job) await cleanup(job.data);
  });
}

import type { Job, JobResult } from 'pg-boss';
import type { Logger } from '../logging.js';

/**
 * A batch handler that runs each job of the batch at once and settles each on its own: the
 * jobs of one batch have different keys (the queues are `stately`), so one slow or failing job
 * never holds another back, and a thrown error (a bug or a lost database) fails only its job —
 * pg-boss then retries that one.
 */
export function settleEach<T>(
  logger: Logger,
  queue: string,
  run: (data: T) => Promise<unknown>,
): (jobs: Job<T>[]) => Promise<JobResult[]> {
  return (jobs) =>
    Promise.all(
      jobs.map(async (job): Promise<JobResult> => {
        try {
          await run(job.data);
          return { id: job.id, status: 'completed' };
        } catch (error) {
          logger.error({ queue, jobId: job.id, err: error }, 'sync job failed');
          return {
            id: job.id,
            status: 'failed',
            output: { message: error instanceof Error ? error.message : String(error) },
          };
        }
      }),
    );
}

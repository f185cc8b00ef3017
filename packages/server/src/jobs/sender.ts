import type { PgBoss, SendOptions } from 'pg-boss';
import type { SQL } from '../db/connect.js';

/** A transaction or the pool: anything a job can be enqueued through. */
export type SqlExecutor = Pick<SQL, 'unsafe'>;

/** Enqueues jobs; with `tx`, the job commits or rolls back with the caller's writes. */
export interface JobSender {
  send(
    queue: string,
    data: object,
    options?: SendOptions,
    tx?: SqlExecutor,
  ): Promise<string | null>;
}

/**
 * A {@link JobSender} over pg-boss. Passing the caller's transaction makes the enqueue part of
 * it — "enqueue in the same transaction as the write", so a crash can never keep one without
 * the other.
 *
 * @example
 * await sql.begin(async (tx) => {
 *   await saveResolution(tx, …);
 *   await jobs.send('push', { appointmentId }, {}, tx);
 * });
 */
export function pgBossSender(boss: PgBoss): JobSender {
  return {
    send: (queue, data, options = {}, tx) =>
      boss.send(queue, data, {
        ...options,
        ...(tx
          ? {
              db: {
                executeSql: async (text: string, values?: unknown[]) => ({
                  rows: await tx.unsafe(text, (values ?? []) as never[]),
                }),
              },
            }
          : {}),
      }),
  };
}

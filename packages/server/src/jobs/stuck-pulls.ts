import type { Db } from '../db/connect.js';
import { JOB_SCHEMA } from './boss.js';
import { closeAttemptsOfDeadJobs } from './dead-attempts.js';
import { UNMONITORED_JOB_STUCK_SECONDS } from './liveness.js';
import { PULL_QUEUE } from './queues.js';

/** Why a stuck pull was cancelled (the job's output). */
export const TAKEN_OVER_MESSAGE =
  'taken over by a requested sync: the job had stopped heartbeating';

/**
 * Cancels a calendar's pull job that is `active` but stuck — its heartbeat is older than its
 * heartbeat interval, or it carries no heartbeat and has been active for
 * {@link UNMONITORED_JOB_STUCK_SECONDS} — and closes its open attempts as failed, so a pull
 * enqueued next runs at once instead of waiting behind it for its expiry. A live job (fresh
 * heartbeat) is left alone. Returns the id of the job cancelled, or null.
 *
 * @example
 * await sql.begin(async (tx) => {
 *   const cancelled = await cancelStuckPull(tx, calendarId, new Date());
 *   await enqueuePull(jobs, { calendarId, connectionId, reason: 'manual' }, tx);
 * });
 */
export async function cancelStuckPull(
  db: Db,
  calendarId: string,
  now: Date,
): Promise<string | null> {
  const [row] = await db<{ id: string }[]>`
    update ${db(JOB_SCHEMA)}.job
    set state = 'cancelled', completed_on = now(),
        output = ${db.json({ message: TAKEN_OVER_MESSAGE })}
    where name = ${PULL_QUEUE} and state = 'active' and singleton_key = ${calendarId}
      and (
        (heartbeat_seconds is not null
          and coalesce(heartbeat_on, started_on) + heartbeat_seconds * interval '1 second' < now())
        or (heartbeat_seconds is null
          and started_on + ${UNMONITORED_JOB_STUCK_SECONDS} * interval '1 second' < now())
      )
    returning id`;
  if (!row) return null;
  await closeAttemptsOfDeadJobs(db, { kind: 'pull', calendarId }, now);
  return row.id;
}

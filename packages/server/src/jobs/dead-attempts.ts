import type { Db } from '../db/connect.js';
import { JOB_SCHEMA } from './boss.js';
import { JOB_HEARTBEAT_SECONDS } from './liveness.js';
import { AVAILABILITY_QUEUE, PULL_QUEUE, PUSH_QUEUE } from './queues.js';

/**
 * The message of an attempt closed because the process running it stopped. Its `error_class` is
 * `transient`: the job itself is run again (by pg-boss's retry or the next sync).
 */
export const WORKER_LOST_MESSAGE =
  'worker_lost: the process running this attempt stopped before it finished';

/** Whose work an attempt was: a calendar's pull, one push, or a connection's free/busy. */
export type AttemptOwner =
  | { readonly kind: 'pull'; readonly calendarId: string }
  | { readonly kind: 'push'; readonly appointmentId: string; readonly connectionId: string }
  | { readonly kind: 'free_busy'; readonly connectionId: string };

function closeRunning(db: Db, now: Date) {
  return db`status = 'fail', error_class = 'transient', error_message = ${WORKER_LOST_MESSAGE},
    finished_at = ${now}`;
}

/**
 * Closes as failed the attempts still `running` for the same work as a job that is starting.
 * The queues run one job per calendar, (appointment, connection) and connection at a time, so an
 * attempt still open when the next job of that key starts belongs to a job whose worker died (a
 * push's attempts are left open while another push of the pair, an approved write, is active).
 * Returns the ids closed.
 *
 * @example
 * await closeAttemptsOfDeadJobs(ctx.sql, { kind: 'pull', calendarId }, ctx.now());
 */
export async function closeAttemptsOfDeadJobs(
  db: Db,
  owner: AttemptOwner,
  now: Date,
): Promise<string[]> {
  const which =
    owner.kind === 'pull'
      ? db`calendar_id = ${owner.calendarId} and operation in ('pull', 'full_resync')`
      : owner.kind === 'push'
        ? // An approved write runs under a key of its own, so it may be live beside this job.
          db`appointment_id = ${owner.appointmentId} and connection_id = ${owner.connectionId}
             and operation = 'push' and (
               select count(*) from ${db(JOB_SCHEMA)}.job j
               where j.name = ${PUSH_QUEUE} and j.state = 'active'
                 and j.data->>'appointmentId' = ${owner.appointmentId}
                 and j.data->>'connectionId' = ${owner.connectionId}) <= 1`
        : db`connection_id = ${owner.connectionId} and operation = 'free_busy'`;
  const rows = await db<{ id: string }[]>`
    update sync_attempts set ${closeRunning(db, now)}
    where status = 'running' and ${which}
    returning id`;
  return rows.map((r) => r.id);
}

/**
 * The housekeeping sweep: closes as failed every pull, push and free/busy attempt still
 * `running` that no active job is working on any more (its worker died and the job was retried,
 * expired, failed or cancelled). Attempts younger than two heartbeats are left alone. Returns
 * the ids closed.
 *
 * @example
 * const closed = await sweepAttemptsOfDeadJobs(ctx.sql, new Date());
 */
export async function sweepAttemptsOfDeadJobs(db: Db, now: Date): Promise<string[]> {
  const before = new Date(now.getTime() - 2 * JOB_HEARTBEAT_SECONDS * 1000);
  const job = db`${db(JOB_SCHEMA)}.job`;
  const rows = await db<{ id: string }[]>`
    update sync_attempts a set ${closeRunning(db, now)}
    where a.status = 'running' and a.started_at < ${before}
      and (
        (a.operation in ('pull', 'full_resync') and a.calendar_id is not null and not exists (
          select 1 from ${job} j
          where j.name = ${PULL_QUEUE} and j.state = 'active'
            and j.data->>'calendarId' = a.calendar_id::text))
        or (a.operation = 'push' and a.appointment_id is not null and not exists (
          select 1 from ${job} j
          where j.name = ${PUSH_QUEUE} and j.state = 'active'
            and j.data->>'appointmentId' = a.appointment_id::text
            and j.data->>'connectionId' = a.connection_id::text))
        or (a.operation = 'free_busy' and not exists (
          select 1 from ${job} j
          where j.name = ${AVAILABILITY_QUEUE} and j.state = 'active'
            and j.data->>'connectionId' = a.connection_id::text))
      )
    returning a.id`;
  return rows.map((r) => r.id);
}

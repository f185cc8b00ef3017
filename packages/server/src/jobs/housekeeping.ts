import type { PgBoss } from 'pg-boss';
import type { SQL } from '../db/connect.js';
import { SharedLimits } from '../limits/shared-limits.js';
import { sweepAttemptsOfDeadJobs } from './dead-attempts.js';
import { WITH_HEARTBEAT } from './liveness.js';

/** Queue of the hourly clean-up of expired short-lived secrets. */
export const HOUSEKEEPING_QUEUE = 'housekeeping';

/**
 * Queue of the sweep (every minute) that closes as failed the attempts of jobs whose worker
 * died, so a connection's status never stays "syncing" because of one.
 */
export const DEAD_ATTEMPTS_QUEUE = 'housekeeping.dead-attempts';

/** What one clean-up removed. */
export interface HousekeepingResult {
  sessionTokens: number;
  oauthStates: number;
}

/** Deletes session tokens and OAuth states that expired more than a day ago. */
export async function purgeExpiredSecrets(sql: SQL, now: Date): Promise<HousekeepingResult> {
  const cutoff = new Date(now.getTime() - 24 * 3600 * 1000);
  const sessions = await sql`delete from session_tokens where expires_at < ${cutoff} returning id`;
  const states =
    await sql`delete from oauth_states where expires_at < ${cutoff} returning state_hash`;
  return { sessionTokens: sessions.length, oauthStates: states.length };
}

/**
 * Creates the queues, schedules them and, on worker processes, works them: hourly, expired
 * secrets, then the shared limits' idle rows; every minute, the attempts of dead jobs.
 */
export async function registerHousekeeping(
  boss: PgBoss,
  sql: SQL,
  options: { runsWorkers: boolean; now?: () => Date },
): Promise<void> {
  await boss.createQueue(HOUSEKEEPING_QUEUE);
  await boss.createQueue(DEAD_ATTEMPTS_QUEUE, {
    policy: 'stately',
    retryLimit: 0,
    ...WITH_HEARTBEAT,
  });
  if (!options.runsWorkers) return;
  await boss.schedule(HOUSEKEEPING_QUEUE, '17 * * * *');
  const now = options.now ?? (() => new Date());
  await boss.work(HOUSEKEEPING_QUEUE, async () => {
    await purgeExpiredSecrets(sql, now());
    // Full token buckets and slots of dead processes: the shared limits keep only live keys.
    await new SharedLimits(sql).sweep();
  });
  await boss.schedule(DEAD_ATTEMPTS_QUEUE, '* * * * *');
  await boss.work(DEAD_ATTEMPTS_QUEUE, async () => {
    await sweepAttemptsOfDeadJobs(sql, now());
  });
}

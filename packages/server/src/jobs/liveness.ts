/**
 * How quickly a job whose process died is noticed. A worker refreshes the heartbeat of every job
 * it runs every `JOB_HEARTBEAT_SECONDS / 2`; the supervisor of any worker process fails a job
 * whose heartbeat is older than `JOB_HEARTBEAT_SECONDS` on its next pass (every
 * `SUPERVISE_INTERVAL_SECONDS`), and pg-boss retries it. A killed worker's job runs again within
 * `JOB_HEARTBEAT_SECONDS + SUPERVISE_INTERVAL_SECONDS` plus the retry delay: well under a minute,
 * instead of after the queue's `expireInSeconds`.
 */
export const JOB_HEARTBEAT_SECONDS = 10;

/** How often worker processes look for expired and silent jobs (pg-boss supervise and monitor). */
export const SUPERVISE_INTERVAL_SECONDS = 10;

/**
 * A job that started before heartbeats existed carries none; once it has been active this long
 * without finishing, an operator's sync treats it as stuck.
 */
export const UNMONITORED_JOB_STUCK_SECONDS = 60;

/** Queue options that make a queue's jobs heartbeat. */
export const WITH_HEARTBEAT = { heartbeatSeconds: JOB_HEARTBEAT_SECONDS } as const;

import type { PgBoss, Queue } from 'pg-boss';
import type { ServerContext } from '../context.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { createSyncRuntime, type SyncOptions, type SyncRuntime } from '../sync/runtime.js';
import { runApprovalExpiry } from './approval-expiry.js';
import { runAvailabilityJob, runAvailabilityScheduler } from './availability.js';
import { runPollScheduler } from './poll-scheduler.js';
import { settleEach } from './settle.js';
import { runPullJob } from './pull.js';
import { runPushJob } from './push.js';
import {
  APPROVAL_EXPIRY_QUEUE,
  AVAILABILITY_QUEUE,
  AVAILABILITY_SCHEDULER_QUEUE,
  POLL_SCHEDULER_QUEUE,
  PULL_QUEUE,
  PUSH_QUEUE,
  TOKEN_REFRESH_QUEUE,
  WATCH_RENEWAL_QUEUE,
  type AvailabilityJobData,
  type PullJobData,
  type PushJobData,
} from './queues.js';
import { runTokenRefresh } from './token-refresh.js';
import { runWatchRenewal } from './watch-renewal.js';
import { WITH_HEARTBEAT } from './liveness.js';

/**
 * pg-boss's own retries only cover a crashed or expired worker (the job is taken back and run
 * again); provider errors are retried by the handlers themselves (see jobs/retry.ts).
 */
const CRASH_RETRY: Omit<Queue, 'name'> = { retryLimit: 5, retryDelay: 5, retryBackoff: true };

/**
 * Sending a job notifies (on commit) the workers of its queue, which fetch at once instead of
 * after their polling interval: a provider notification is applied in well under a second.
 * Polling stays at its interval as the floor (a delayed retry becomes due without a notify).
 */
const WAKE_ON_SEND = { notify: true } as const;

/** Cron schedules of the periodic jobs (UTC). */
export const SYNC_SCHEDULES = {
  [POLL_SCHEDULER_QUEUE]: '* * * * *',
  [TOKEN_REFRESH_QUEUE]: '* * * * *',
  [WATCH_RENEWAL_QUEUE]: '*/15 * * * *',
  [AVAILABILITY_SCHEDULER_QUEUE]: '*/15 * * * *',
  [APPROVAL_EXPIRY_QUEUE]: '23 * * * *',
} as const;

/**
 * Creates the sync queues (idempotent). Every process that enqueues sync jobs needs them, workers
 * or not. Every job of these queues heartbeats (see jobs/liveness.ts): a job whose worker died is
 * retried within seconds, not after `expireInSeconds`.
 */
export async function createSyncQueues(
  boss: PgBoss,
  expireInSeconds: { pull: number; push: number } = { pull: 30 * 60, push: 5 * 60 },
): Promise<void> {
  await boss.createQueue(PULL_QUEUE, {
    policy: 'stately',
    ...CRASH_RETRY,
    ...WAKE_ON_SEND,
    ...WITH_HEARTBEAT,
    expireInSeconds: expireInSeconds.pull,
  });
  await boss.createQueue(PUSH_QUEUE, {
    policy: 'stately',
    ...CRASH_RETRY,
    ...WAKE_ON_SEND,
    ...WITH_HEARTBEAT,
    expireInSeconds: expireInSeconds.push,
  });
  await boss.createQueue(AVAILABILITY_QUEUE, {
    policy: 'stately',
    ...CRASH_RETRY,
    ...WAKE_ON_SEND,
    ...WITH_HEARTBEAT,
  });
  // Queues made before they woke their workers on send or heartbeated (createQueue leaves
  // existing ones as they are).
  for (const queue of [PULL_QUEUE, PUSH_QUEUE, AVAILABILITY_QUEUE]) {
    await boss.updateQueue(queue, { ...WAKE_ON_SEND, ...WITH_HEARTBEAT });
  }
  // A periodic run whose worker died is failed by its silent heartbeat; the next tick runs again.
  for (const queue of Object.keys(SYNC_SCHEDULES)) {
    await boss.createQueue(queue, { policy: 'stately', retryLimit: 0, ...WITH_HEARTBEAT });
    await boss.updateQueue(queue, WITH_HEARTBEAT);
  }
}

/**
 * Creates the sync queues and, on worker processes, their workers and schedules. Pulls,
 * pushes and availability refreshes are `stately` queues keyed by calendar, (appointment,
 * connection) and connection: one runs and one waits per key, so a notification storm becomes
 * one pull and one connection's failures never delay another's. Returns the runtime the sync
 * services take.
 *
 * @example
 * const sync = await registerSyncJobs(ctx, boss, registry, { runsWorkers: role !== 'api' });
 * await triggerSync(ctx, connectionId, { mode: 'incremental' });
 */
export async function registerSyncJobs(
  ctx: ServerContext,
  boss: PgBoss,
  registry: ProviderRegistry,
  options: SyncOptions = {},
): Promise<SyncRuntime> {
  const rt = createSyncRuntime(ctx, registry, boss, options);
  await createSyncQueues(boss, rt.options.expireInSeconds);
  const periodic = {
    [POLL_SCHEDULER_QUEUE]: () => runPollScheduler(rt),
    [TOKEN_REFRESH_QUEUE]: () => runTokenRefresh(rt),
    [WATCH_RENEWAL_QUEUE]: () => runWatchRenewal(rt),
    [AVAILABILITY_SCHEDULER_QUEUE]: () => runAvailabilityScheduler(rt),
    [APPROVAL_EXPIRY_QUEUE]: () => runApprovalExpiry(rt),
  };
  if (!rt.options.runsWorkers) return rt;
  const { concurrency, workerPollingSeconds, batchSize } = rt.options;
  const polling = { pollingIntervalSeconds: workerPollingSeconds, batchSize: 1 };
  // Batches of different keys, worked at once and settled one by one; a full batch fetches the
  // next one at once instead of waiting for the polling interval.
  const batched = {
    pollingIntervalSeconds: workerPollingSeconds,
    notifyPollingIntervalSeconds: workerPollingSeconds,
    batchSize,
    burstWhenBatchFull: true,
    perJobResults: true,
  } as const;
  const { logger } = ctx;
  await boss.work(
    PULL_QUEUE,
    { ...batched, localConcurrency: concurrency.pull },
    settleEach(logger, PULL_QUEUE, (data: PullJobData) => runPullJob(rt, data)),
  );
  await boss.work(
    PUSH_QUEUE,
    { ...batched, localConcurrency: concurrency.push },
    settleEach(logger, PUSH_QUEUE, (data: PushJobData) => runPushJob(rt, data)),
  );
  await boss.work(
    AVAILABILITY_QUEUE,
    batched,
    settleEach(logger, AVAILABILITY_QUEUE, (data: AvailabilityJobData) =>
      runAvailabilityJob(rt, data),
    ),
  );
  for (const [queue, run] of Object.entries(periodic)) {
    await boss.work(queue, polling, async () => {
      await run();
    });
  }
  if (rt.options.schedules) {
    for (const [queue, cron] of Object.entries(SYNC_SCHEDULES)) await boss.schedule(queue, cron);
  }
  return rt;
}

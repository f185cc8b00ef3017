import type { Queue } from 'pg-boss';
import type { VideoMeetingProvider } from '@calsync/zoom';
import { settleEach } from '../jobs/settle.js';
import { WITH_HEARTBEAT } from '../jobs/liveness.js';
import type { SyncRuntime } from '../sync/runtime.js';
import { retryJobLater } from './failure.js';
import { VIDEO_MEETING_QUEUE, type VideoMeetingJobData } from './queue.js';
import { createVideoRuntime, type VideoOptions, type VideoRuntime } from './runtime.js';
import { settleMeeting, type SettleOutcome } from './settle.js';

/** pg-boss's own retries only cover a crashed worker; provider errors are retried by the job. */
const CRASH_RETRY: Omit<Queue, 'name'> = { retryLimit: 5, retryDelay: 5, retryBackoff: true };

/**
 * Runs one video meeting job. When another run holds the appointment (an API call settling it
 * right now), the job is put back for a second later.
 */
export async function runVideoMeetingJob(
  v: VideoRuntime,
  data: VideoMeetingJobData,
): Promise<SettleOutcome> {
  const outcome = await settleMeeting(v, data);
  if (outcome === 'busy') await retryJobLater(v, data, 1);
  return outcome;
}

/**
 * Creates the `video.meeting` queue (`stately`, keyed by appointment: one run and one waiting
 * per appointment, never two creates at once) and, on worker processes, its worker. Returns the
 * runtime the video routes take.
 *
 * @example
 * const sync = await registerSyncJobs(ctx, boss, registry);
 * const video = await registerVideoJobs(sync, { zoom });
 * createApp(ctx, { sync, video });
 */
export async function registerVideoJobs(
  sync: SyncRuntime,
  options: { zoom?: VideoMeetingProvider | null; concurrency?: number } & VideoOptions = {},
): Promise<VideoRuntime> {
  const v = createVideoRuntime(sync, options);
  await sync.boss.createQueue(VIDEO_MEETING_QUEUE, {
    policy: 'stately',
    ...CRASH_RETRY,
    ...WITH_HEARTBEAT,
    expireInSeconds: 5 * 60,
  });
  // A queue made before its jobs heartbeated (createQueue leaves an existing one as it is).
  await sync.boss.updateQueue(VIDEO_MEETING_QUEUE, WITH_HEARTBEAT);
  if (!sync.options.runsWorkers) return v;
  await sync.boss.work(
    VIDEO_MEETING_QUEUE,
    {
      pollingIntervalSeconds: sync.options.workerPollingSeconds,
      batchSize: 2,
      localConcurrency: options.concurrency ?? 1,
      perJobResults: true,
    },
    settleEach(v.ctx.logger, VIDEO_MEETING_QUEUE, (data: VideoMeetingJobData) =>
      runVideoMeetingJob(v, data),
    ),
  );
  return v;
}

import type { SyncRuntime } from '../sync/runtime.js';

/**
 * Schedules the next attempt of a job after a backoff. Retries are re-sent jobs rather than
 * pg-boss retries, because the delay depends on the error (`Retry-After`, exponential backoff
 * with jitter) and the attempt limit on its class. `upsert` by singleton key means that when a
 * job for the same calendar or (appointment, connection) is already queued — a webhook arrived
 * during the backoff — that job is moved to the backoff time and carries the attempt count,
 * instead of running early: "backing off + notification" waits.
 */
export async function scheduleRetry(
  rt: SyncRuntime,
  queue: string,
  data: object,
  singletonKey: string,
  delaySeconds: number,
): Promise<void> {
  await rt.boss.upsert(queue, data, { singletonKey, startAfter: delaySeconds });
}

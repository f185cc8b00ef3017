import type { InstantRange } from '@calsync/core';
import type { SendOptions } from 'pg-boss';
import type { JobSender, SqlExecutor } from './sender.js';

/** Pull of one calendar; singleton key = calendar id (one active, one queued). */
export const PULL_QUEUE = 'sync.pull';
/** Push of one appointment to one connection; singleton key = `appointment:connection`. */
export const PUSH_QUEUE = 'sync.push';
/** Free/busy refresh of one connection; singleton key = connection id. */
export const AVAILABILITY_QUEUE = 'sync.availability';
/** Finds calendars due for a poll and enqueues their pulls (cron, every minute). */
export const POLL_SCHEDULER_QUEUE = 'sync.poll-scheduler';
/** Refreshes access tokens that expire within five minutes (cron, every minute). */
export const TOKEN_REFRESH_QUEUE = 'sync.token-refresh';
/** Renews watch channels before expiry and opens missing ones (cron, every 15 minutes). */
export const WATCH_RENEWAL_QUEUE = 'sync.watch-renewal';
/** Enqueues the availability refresh of every syncing connection (cron, every 15 minutes). */
export const AVAILABILITY_SCHEDULER_QUEUE = 'sync.availability-scheduler';
/** Expires pending approvals (cron, hourly). */
export const APPROVAL_EXPIRY_QUEUE = 'sync.approval-expiry';

/** What a retried job carries from one attempt to the next. */
export interface RetryState {
  /** Shared by every attempt of one logical sync; new when absent. */
  correlationId?: string;
  /** 1 for the first run. */
  attempt?: number;
}

/** Payload of a pull job. */
export interface PullJobData extends RetryState {
  calendarId: string;
  connectionId: string;
  /** Drop the cursor first and sync the whole window again (done by the job, never racing a running pull). */
  full?: boolean;
  /** A custom full-sync window (`triggerSync` with from/to); the default window otherwise. */
  window?: InstantRange;
  reason?: 'poll' | 'notification' | 'manual' | 'precondition' | 'initial' | 'resume';
  /** When the provider notification that caused this pull arrived (ISO), for the latency metric. */
  notifiedAt?: string;
}

/** Payload of a push job. */
export interface PushJobData extends RetryState {
  appointmentId: string;
  connectionId: string;
  /** Set when an approved write is being sent. */
  approvalId?: string;
}

/** Singleton key of an approved push (kept apart so a queued ordinary push cannot swallow it). */
export function approvedPushKey(approvalId: string): string {
  return `approved:${approvalId}`;
}

/** Payload of an availability job. */
export interface AvailabilityJobData extends RetryState {
  connectionId: string;
}

/** Singleton key of a push job. */
export function pushKey(appointmentId: string, connectionId: string): string {
  return `${appointmentId}:${connectionId}`;
}

/**
 * Enqueues a pull; a storm coalesces into the one already queued (the send returns null).
 *
 * @example
 * await enqueuePull(ctx.jobs, { calendarId, connectionId, reason: 'notification' });
 */
export function enqueuePull(
  jobs: JobSender,
  data: PullJobData,
  tx?: SqlExecutor,
  options: SendOptions = {},
): Promise<string | null> {
  return jobs.send(PULL_QUEUE, data, { ...options, singletonKey: data.calendarId }, tx);
}

/** Enqueues the push of one appointment to one connection (coalesced per pair). */
export function enqueuePushTo(
  jobs: JobSender,
  data: PushJobData,
  tx?: SqlExecutor,
  options: SendOptions = {},
): Promise<string | null> {
  return jobs.send(
    PUSH_QUEUE,
    data,
    { ...options, singletonKey: pushKey(data.appointmentId, data.connectionId) },
    tx,
  );
}

/** Enqueues a free/busy refresh of one connection (coalesced per connection). */
export function enqueueAvailability(
  jobs: JobSender,
  data: AvailabilityJobData,
  tx?: SqlExecutor,
): Promise<string | null> {
  return jobs.send(AVAILABILITY_QUEUE, data, { singletonKey: data.connectionId }, tx);
}

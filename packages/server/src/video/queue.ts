import type { SendOptions } from 'pg-boss';
import type { JobSender, SqlExecutor } from '../jobs/sender.js';

/** Settles the video meeting of one appointment; singleton key = appointment id. */
export const VIDEO_MEETING_QUEUE = 'video.meeting';

/** Payload of a video meeting job. */
export interface VideoMeetingJobData {
  appointmentId: string;
  /** Shared by every attempt of one provider call; new when absent. */
  correlationId?: string;
  /** 1 for the first run of a provider call. */
  attempt?: number;
  /** How many times a Meet/Teams link has been waited for so far. */
  waited?: number;
}

/**
 * Enqueues the settling of an appointment's meeting, in the caller's transaction when given
 * one. Coalesced per appointment: one job runs and one waits.
 *
 * @example
 * await enqueueVideoMeeting(ctx.jobs, { appointmentId }, tx);
 */
export function enqueueVideoMeeting(
  jobs: JobSender,
  data: VideoMeetingJobData,
  tx?: SqlExecutor,
  options: SendOptions = {},
): Promise<string | null> {
  return jobs.send(VIDEO_MEETING_QUEUE, data, { ...options, singletonKey: data.appointmentId }, tx);
}

/** Video meetings: the job that keeps each appointment's meeting in step, and its hooks. */
export { composeHooks, createVideoHooks } from './hooks.js';
export { registerVideoJobs, runVideoMeetingJob } from './job.js';
export { enqueueVideoMeeting, VIDEO_MEETING_QUEUE } from './queue.js';
export type { VideoMeetingJobData } from './queue.js';
export { createVideoRuntime, DEFAULT_WAIT_DELAYS_SECONDS } from './runtime.js';
export type { VideoOptions, VideoRuntime } from './runtime.js';
export { settleMeeting } from './settle.js';
export type { SettleOutcome } from './settle.js';
export { planMeetingStep } from './plan.js';
export type { MeetingState, MeetingStep } from './plan.js';
export type { VideoMeetingRow, VideoPlatform, VideoMeetingStatus } from './store.js';
export { zoomProviderFor } from './zoom-provider.js';
export type { ZoomSetup } from './zoom-provider.js';

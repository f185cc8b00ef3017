import type { VideoMeetingProvider } from '@calsync/zoom';
import type { ServerContext } from '../context.js';
import type { SyncRuntime } from '../sync/runtime.js';

/** Tuning of the video meeting jobs. */
export interface VideoOptions {
  /**
   * Delays (seconds) between looks for a Meet or Teams link the provider has not handed back
   * yet; when they run out the meeting is failed. Default 1, 2, 4, 8, 15, 30, 60, 120.
   */
  waitDelaysSeconds?: readonly number[];
}

/** What the video meeting service and job share. */
export interface VideoRuntime {
  readonly ctx: ServerContext;
  /** The sync runtime: Meet and Teams links are made by pushing the event. */
  readonly sync: SyncRuntime;
  /** The Zoom provider, or null when Zoom is not configured. */
  readonly zoom: VideoMeetingProvider | null;
  readonly waitDelaysSeconds: readonly number[];
}

/** Default pauses between looks for a Meet/Teams link (about four minutes in all). */
export const DEFAULT_WAIT_DELAYS_SECONDS: readonly number[] = [1, 2, 4, 8, 15, 30, 60, 120];

/**
 * Builds the video runtime.
 *
 * @example
 * const video = createVideoRuntime(sync, { zoom: createZoomProvider({ … }) });
 */
export function createVideoRuntime(
  sync: SyncRuntime,
  input: { zoom?: VideoMeetingProvider | null } & VideoOptions = {},
): VideoRuntime {
  return {
    ctx: sync.ctx,
    sync,
    zoom: input.zoom ?? null,
    waitDelaysSeconds: input.waitDelaysSeconds ?? DEFAULT_WAIT_DELAYS_SECONDS,
  };
}

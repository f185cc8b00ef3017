import type { Transport } from '../http/transport.js';
import type { CamelCase } from '../wire/case.js';
import type {
  PendingVideoMeeting,
  PendingVideoMeetingBody,
  PendingVideoMeetingSettings,
} from '../wire/pending.js';
import type { RouteOutput } from '../wire/routes.js';
import { segment, type RequestOptions } from './common.js';

/** A video meeting created for an appointment. */
export type VideoMeeting = CamelCase<
  RouteOutput<'/video-meetings', '$post', 201, PendingVideoMeeting>
>;
/** Meeting settings: waiting room, recording, passcode, alternative hosts. */
export type VideoMeetingSettings = CamelCase<PendingVideoMeetingSettings>;
/** `videoMeetings.create`. */
export type VideoMeetingCreateParams = CamelCase<PendingVideoMeetingBody>;

/** `calsync.videoMeetings`: Zoom, Meet and Teams meetings of appointments. */
export interface VideoMeetingsAPI {
  /**
   * Creates the meeting of an appointment.
   *
   * @example
   * const { joinUrl } = await calsync.videoMeetings.create({ appointmentId, platform: 'zoom' });
   */
  create(params: VideoMeetingCreateParams, options?: RequestOptions): Promise<VideoMeeting>;
  /**
   * Changes a meeting's settings.
   *
   * @example
   * await calsync.videoMeetings.update(id, { settings: { waitingRoom: true } });
   */
  update(
    id: string,
    params: { settings: VideoMeetingSettings },
    options?: RequestOptions,
  ): Promise<VideoMeeting>;
  /**
   * Cancels a meeting.
   *
   * @example
   * await calsync.videoMeetings.delete(id);
   */
  delete(id: string, options?: RequestOptions): Promise<void>;
}

/**
 * Binds the video meetings namespace to a transport.
 *
 * @example
 * const videoMeetings = videoMeetingsAPI(createTransport(options));
 */
export function videoMeetingsAPI(transport: Transport): VideoMeetingsAPI {
  const path = (id: string): string => `/video-meetings/${segment(id)}`;
  return {
    create: (body, options) =>
      transport.json({ method: 'POST', path: '/video-meetings', body, ...options }),
    update: (id, body, options) =>
      transport.json({ method: 'PUT', path: path(id), body, ...options }),
    delete: async (id, options) => {
      await transport.json({ method: 'DELETE', path: path(id), ...options });
    },
  };
}

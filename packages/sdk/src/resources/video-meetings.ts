import type { Transport } from '../http/transport.js';
import type {
  CreateVideoMeeting,
  UpdateVideoMeeting,
  VideoMeeting as WireVideoMeeting,
  VideoMeetingSettingsInput,
} from '../generated/api.js';
import type { CamelCase } from '../wire/case.js';
import { segment, type RequestOptions } from './common.js';

/** A video meeting of an appointment: platform, status, links and settings. */
export type VideoMeeting = CamelCase<WireVideoMeeting>;
/** Meeting settings: waiting room, recording, passcode, alternative hosts. */
export type VideoMeetingSettings = CamelCase<VideoMeetingSettingsInput>;
/** `videoMeetings.create`. */
export type VideoMeetingCreateParams = CamelCase<CreateVideoMeeting>;
/** `videoMeetings.update`: the settings to apply. */
export type VideoMeetingUpdateParams = CamelCase<UpdateVideoMeeting>;

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
   * One meeting.
   *
   * @example
   * const { status, joinUrl } = await calsync.videoMeetings.get(id);
   */
  get(id: string, options?: RequestOptions): Promise<VideoMeeting>;
  /**
   * Changes a meeting's settings.
   *
   * @example
   * await calsync.videoMeetings.update(id, { settings: { waitingRoom: true } });
   */
  update(
    id: string,
    params: VideoMeetingUpdateParams,
    options?: RequestOptions,
  ): Promise<VideoMeeting>;
  /**
   * Cancels a meeting and takes its link out of the appointment; answers the cancelled meeting.
   *
   * @example
   * await calsync.videoMeetings.delete(id);
   */
  delete(id: string, options?: RequestOptions): Promise<VideoMeeting>;
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
    get: (id, options) => transport.json({ method: 'GET', path: path(id), ...options }),
    update: (id, body, options) =>
      transport.json({ method: 'PUT', path: path(id), body, ...options }),
    delete: (id, options) => transport.json({ method: 'DELETE', path: path(id), ...options }),
  };
}

import { NonRetryableProviderError } from '@calsync/core';
import type { VideoMeeting } from './video-meeting.js';

/** The parts of Zoom's meeting JSON (create / get) the provider reads; ids already strings. */
export interface ZoomMeetingJSON {
  readonly id?: string;
  readonly topic?: string;
  readonly type?: number;
  readonly recurrence?: Readonly<Record<string, string | number>>;
  readonly start_time?: string;
  readonly duration?: number;
  readonly timezone?: string;
  readonly agenda?: string;
  readonly join_url?: string;
  readonly start_url?: string;
  readonly password?: string;
  readonly settings?: {
    readonly waiting_room?: boolean;
    readonly auto_recording?: string;
    readonly alternative_hosts?: string;
  };
}

/** One page of `GET /users/{id}/meetings`. */
export interface ZoomMeetingListJSON {
  readonly next_page_token?: string;
  readonly meetings?: readonly ZoomMeetingJSON[];
}

/**
 * The stored form of a Zoom meeting; throws when Zoom left out the id or the links.
 *
 * @example
 * toVideoMeeting({ id: '85746065432', join_url, start_url, password: 'q7Hd2mXa9K' })
 */
export function toVideoMeeting(json: ZoomMeetingJSON): VideoMeeting {
  if (json.id === undefined || json.join_url === undefined || json.start_url === undefined) {
    throw new NonRetryableProviderError('Zoom meeting answer lacks id, join_url or start_url', {
      cause: json,
    });
  }
  return {
    meetingId: String(json.id),
    joinUrl: json.join_url,
    hostUrl: json.start_url,
    passcode: json.password === undefined || json.password === '' ? null : json.password,
  };
}

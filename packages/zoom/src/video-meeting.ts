/**
 * The contract every video-meeting provider implements (Zoom here; Google Meet and Teams later
 * from their calendar adapters). Same methods in the same order for all of them; failures are
 * core's `ProviderError` classes, so the server's retry matrix applies unchanged.
 */

/** The platforms Calsync creates meetings on (API.md "Video meetings"). */
export type VideoMeetingPlatform = 'zoom' | 'google_meet' | 'teams';

/** Who may record the meeting, and where. */
export type RecordingMode = 'none' | 'local' | 'cloud';

/** The options a host chooses for the meeting of a virtual appointment. */
export interface VideoMeetingSettings {
  /** Participants wait until the host admits them. */
  readonly waitingRoom: boolean;
  /** Automatic recording: off, on the host's computer, or in the provider's cloud. */
  readonly recording: RecordingMode;
  /** A passcode is generated (Zoom: 10 characters, letters and digits). */
  readonly passcodeRequired: boolean;
  /** E-mail addresses of people who may start the meeting in the host's place. */
  readonly alternativeHosts: readonly string[];
}

/** Defaults for settings the host did not choose. */
export const DEFAULT_VIDEO_MEETING_SETTINGS: VideoMeetingSettings = {
  waitingRoom: false,
  recording: 'none',
  passcodeRequired: true,
  alternativeHosts: [],
};

/** What a meeting is created or moved to: one appointment's time and text. */
export interface VideoMeetingRequest {
  /**
   * The Calsync appointment id. Providers without an idempotency key (Zoom) write it into the
   * meeting so that a retried create finds the meeting a lost response left behind. Letters,
   * digits and `._:-`, at most 100 characters.
   */
  readonly appointmentId: string;
  readonly title: string;
  /** Becomes the meeting's agenda / description. */
  readonly description?: string | null;
  /** Start of the appointment, an ISO instant (`2026-03-09T13:00:00.000Z`). */
  readonly startsAtUTC: string;
  /** End of the appointment; the meeting lasts as long, in whole minutes (rounded up). */
  readonly endsAtUTC: string;
  /** IANA zone the appointment was written in; the meeting is scheduled in it. */
  readonly timeZone: string;
  /**
   * The appointment's recurrence as stored (`RRULE:…` lines, RFC 5545), starting at
   * `startsAtUTC`; absent or empty for a single meeting. Zoom makes one recurring meeting
   * (one join link for every occurrence).
   */
  readonly recurrence?: readonly string[];
  /** The host's account at the provider (Zoom: user e-mail or id); the provider's default when absent. */
  readonly hostEmail?: string;
  /** Unset fields take {@link DEFAULT_VIDEO_MEETING_SETTINGS}. */
  readonly settings?: Partial<VideoMeetingSettings>;
}

/** A meeting as the caller stores it. */
export interface VideoMeeting {
  /** Provider's id, always a string (Zoom ids are 64-bit integers). */
  readonly meetingId: string;
  /** For participants; goes into the calendar event. */
  readonly joinUrl: string;
  /** For the host; short-lived at Zoom (ask `getMeeting` for a fresh one). */
  readonly hostUrl: string;
  /** `null` when the meeting has none. */
  readonly passcode: string | null;
}

/** Result of {@link VideoMeetingProvider.updateMeeting}. */
export interface UpdateMeetingResult {
  readonly meeting: VideoMeeting;
  /**
   * True when the meeting was gone at the provider and a new one was created: the caller must
   * store the new `meetingId` and `joinUrl` (and put the new link into the calendar event).
   */
  readonly recreated: boolean;
}

/**
 * Creates, moves and cancels the video meeting of an appointment.
 *
 * @example
 * const meeting = await provider.createMeeting(request);
 * const { meeting: moved, recreated } = await provider.updateMeeting(meeting.meetingId, rescheduled);
 * await provider.deleteMeeting(moved.meetingId);
 */
export interface VideoMeetingProvider {
  /** Which platform this is. */
  readonly platform: VideoMeetingPlatform;
  /** Creates the meeting; safe to retry with the same request after a lost response. */
  createMeeting(request: VideoMeetingRequest): Promise<VideoMeeting>;
  /** Moves / renames the meeting; recreates it when the provider no longer has it. */
  updateMeeting(meetingId: string, request: VideoMeetingRequest): Promise<UpdateMeetingResult>;
  /** Cancels the meeting; a meeting already gone counts as deleted. */
  deleteMeeting(meetingId: string): Promise<void>;
  /** Reads the meeting again (a fresh host URL); `NotFoundError` when gone. */
  getMeeting(meetingId: string): Promise<VideoMeeting>;
}

/** Meeting settings the emulator keeps. */
export interface ZoomMeetingSettings {
  host_video: boolean;
  participant_video: boolean;
  join_before_host: boolean;
  mute_upon_entry: boolean;
  waiting_room: boolean;
  auto_recording: 'local' | 'cloud' | 'none';
  alternative_hosts: string;
  approval_type: number;
  [key: string]: unknown;
}

/** The `recurrence` of a recurring meeting with a fixed time (type 8). */
export interface ZoomRecurrence {
  type: 1 | 2 | 3;
  repeat_interval: number;
  weekly_days?: string;
  monthly_day?: number;
  monthly_week?: number;
  monthly_week_day?: number;
  end_times?: number;
  end_date_time?: string;
}

/** A stored meeting. */
export interface ZoomMeeting {
  id: number;
  uuid: string;
  hostEmail: string;
  hostId: string;
  topic: string;
  type: 1 | 2 | 3 | 8;
  startTimeMs: number | undefined;
  /** Type 8 only. */
  recurrence: ZoomRecurrence | undefined;
  durationMinutes: number;
  timezone: string;
  agenda: string;
  password: string;
  settings: ZoomMeetingSettings;
  createdAtMs: number;
  startToken: string;
}

/** A sandbox Zoom user. */
export interface ZoomUser {
  email: string;
  id: string;
}

/** What an access token stands for. */
export interface ZoomTokenGrant {
  /** Server-to-server tokens act for the whole account; user tokens for one user. */
  kind: 'account' | 'user';
  email: string | undefined;
  expiresAtMs: number;
}

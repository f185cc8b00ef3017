/**
 * The wire (snake_case) types of the API, generated from packages/sdk/openapi.json — do not edit.
 * Regenerate: cd packages/server && UPDATE_SDK_TYPES=1 npx vitest run src/http/openapi-sdk.test.ts
 */

export interface Session {
  /** Names the session to revoke it */
  id: string;
  token: string;
  expires_at: string;
}

export interface Error {
  error: {
    code: string;
    message: string;
    details?: JsonValue;
  };
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | unknown[]
  | {
      [key: string]: unknown;
    };

export interface CreateSession {
  user_id: string;
  ttl_seconds?: number;
}

export interface RevokedSession {
  id: string;
  revoked: true;
}

export interface ChangesPage {
  changes: Change[];
  /** Pass as `after` to read on: the last `seq` returned, or `after` if none. */
  next: number;
}

export type Change =
  | {
      seq: number;
      type: 'appointment.created';
      user_id: string | null;
      data: AppointmentChangeData;
      at: string;
    }
  | {
      seq: number;
      type: 'appointment.updated';
      user_id: string | null;
      data: AppointmentChangeData;
      at: string;
    }
  | {
      seq: number;
      type: 'appointment.deleted';
      user_id: string | null;
      data: AppointmentChangeData;
      at: string;
    }
  | {
      seq: number;
      type: 'integration.updated';
      user_id: string | null;
      data: IntegrationChangeData;
      at: string;
    }
  | {
      seq: number;
      type: 'conflict.created';
      user_id: string | null;
      data: ConflictCreatedData;
      at: string;
    }
  | {
      seq: number;
      type: 'conflict.resolved';
      user_id: string | null;
      data: ConflictResolvedData;
      at: string;
    }
  | {
      seq: number;
      type: 'sync.failed';
      user_id: string | null;
      data: SyncFailedData;
      at: string;
    }
  | {
      seq: number;
      type: 'video_meeting.failed';
      user_id: string | null;
      data: VideoMeetingFailedData;
      at: string;
    }
  | {
      seq: number;
      type: 'approval.expired';
      user_id: string | null;
      data: ApprovalExpiredData;
      at: string;
    };

export interface AppointmentChangeData {
  id: string;
  host_ref: string | null;
  version: number;
  user_id?: string | null;
  integration_id?: string;
}

export interface IntegrationChangeData {
  id: string;
  sync_status: 'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected';
  sync_enabled?: boolean;
  provider?: string;
  user_id?: string | null;
  status_reason?: string | null;
}

export interface ConflictCreatedData {
  id: string;
  integration_id: string;
  appointment_id: string;
  fields: string[];
  conflict_reason: string;
  auto_resolution: string | null;
}

export interface ConflictResolvedData {
  id: string;
  integration_id: string;
  resolution: string;
}

export interface SyncFailedData {
  integration_id: string;
  attempt_id: string;
  operation: string;
  error_class:
    | 'transient'
    | 'rate_limited'
    | 'auth'
    | 'not_found'
    | 'precondition_failed'
    | 'cursor_expired'
    | 'non_retryable';
  message: string;
  correlation_id: string;
}

export interface VideoMeetingFailedData {
  id: string;
  appointment_id: string;
  platform: 'zoom' | 'google_meet' | 'teams';
  integration_id: string | null;
  operation: string;
  error_class:
    | 'transient'
    | 'rate_limited'
    | 'auth'
    | 'not_found'
    | 'precondition_failed'
    | 'cursor_expired'
    | 'non_retryable';
  message: string;
}

export interface ApprovalExpiredData {
  id: string;
  integration_id: string;
  appointment_id: string | null;
  action: 'create' | 'update' | 'delete' | 'rsvp';
}

export type CreatedWebhookEndpoint = WebhookEndpoint & {
  /** The signing secret, shown only here: verify `webhook-signature` with it. */
  secret: string;
};

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface CreateWebhookEndpoint {
  url: string;
  description?: string;
  /** Only these types; empty or absent means every type. */
  event_types?: (
    | 'appointment.created'
    | 'appointment.updated'
    | 'appointment.deleted'
    | 'integration.updated'
    | 'conflict.created'
    | 'conflict.resolved'
    | 'sync.failed'
    | 'video_meeting.failed'
    | 'approval.expired'
  )[];
}

export interface WebhookDelivery {
  id: string;
  change_seq: number;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: string | null;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
}

export interface AuditEntry {
  id: string;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: {
    [key: string]: JsonValue;
  };
  at: string;
}

export interface UserExport {
  exported_at: string;
  user: {
    [key: string]: JsonValue;
  };
  [key: string]: JsonValue;
}

export interface UserErased {
  user_id: string;
  erased: true;
  deleted: {
    [key: string]: number;
  };
  connections_queued: number;
  external_events_queued: number;
}

export interface Appointment {
  id: string;
  host_ref: string | null;
  user_id: string;
  title: string;
  description: string | null;
  location: string | null;
  location_type: 'in_person' | 'virtual' | 'phone';
  start: string;
  end: string;
  time_zone: string | null;
  all_day: boolean;
  recurrence: string[];
  attendees: Attendee[];
  status: 'confirmed' | 'tentative' | 'cancelled';
  meeting_url: string | null;
  video_meeting: AppointmentVideoMeeting;
  source: 'host' | 'google' | 'microsoft' | 'caldav';
  sync_source: 'google' | 'microsoft' | 'caldav' | null;
  series_id: string | null;
  original_start: string | null;
  version: number;
  updated_at: string;
  deleted_at: string | null;
  links: AppointmentLink[];
}

export interface Attendee {
  email: string;
  name: string | null;
  response_status: 'needs_action' | 'accepted' | 'declined' | 'tentative';
  optional: boolean;
  organizer: boolean;
}

export type AppointmentVideoMeeting = {
  id: string;
  platform: string;
  join_url: string | null;
  status: string;
} | null;

export interface AppointmentLink {
  integration_id: string;
  provider_event_id: string;
  state: string;
}

export interface AppointmentInput {
  host_ref?: string;
  user_id?: string;
  participant_user_ids?: string[];
  title: string;
  description?: string | null;
  location?: string | null;
  location_type?: 'in_person' | 'virtual' | 'phone';
  start: string;
  end: string;
  time_zone?: string;
  all_day?: boolean;
  recurrence?: string[];
  attendees?: AttendeeInput[];
  status?: 'confirmed' | 'tentative';
  meeting_url?: string | null;
}

export interface AttendeeInput {
  email: string;
  name?: string | null;
  response_status?: 'needs_action' | 'accepted' | 'declined' | 'tentative';
  optional?: boolean;
  /** Read-only: accepted and ignored. */
  readonly organizer?: boolean;
}

export interface AppointmentUpdate {
  title: string;
  description?: string | null;
  location?: string | null;
  location_type?: 'in_person' | 'virtual' | 'phone';
  start: string;
  end: string;
  time_zone?: string | null;
  all_day?: boolean;
  recurrence?: string[];
  attendees?: AttendeeInput[];
  status?: 'confirmed' | 'tentative' | 'cancelled';
  meeting_url?: string | null;
  /** Read-only: accepted and ignored. */
  readonly id?: string;
  /** Read-only: accepted and ignored. */
  readonly host_ref?: string | null;
  /** Read-only: accepted and ignored. */
  readonly user_id?: string;
  /** Read-only: accepted and ignored. */
  readonly video_meeting?: {
    id: string;
    platform: string;
    join_url: string | null;
    status: string;
  } | null;
  /** Read-only: accepted and ignored. */
  readonly source?: 'host' | 'google' | 'microsoft' | 'caldav';
  /** Read-only: accepted and ignored. */
  readonly sync_source?: 'google' | 'microsoft' | 'caldav' | null;
  /** Read-only: accepted and ignored. */
  readonly series_id?: string | null;
  /** Read-only: accepted and ignored. */
  readonly original_start?: string | null;
  /** Read-only: accepted and ignored. */
  readonly version?: number;
  /** Read-only: accepted and ignored. */
  readonly updated_at?: string;
  /** Read-only: accepted and ignored. */
  readonly deleted_at?: string | null;
  /** Read-only: accepted and ignored. */
  readonly links?: AppointmentLink[];
}

export interface AppointmentPatch {
  title?: string;
  description?: string | null;
  location?: string | null;
  location_type?: 'in_person' | 'virtual' | 'phone';
  start?: string;
  end?: string;
  time_zone?: string | null;
  all_day?: boolean;
  recurrence?: string[];
  attendees?: AttendeeInput[];
  status?: 'confirmed' | 'tentative' | 'cancelled';
  meeting_url?: string | null;
  /** Read-only: accepted and ignored. */
  readonly id?: string;
  /** Read-only: accepted and ignored. */
  readonly host_ref?: string | null;
  /** Read-only: accepted and ignored. */
  readonly user_id?: string;
  /** Read-only: accepted and ignored. */
  readonly video_meeting?: {
    id: string;
    platform: string;
    join_url: string | null;
    status: string;
  } | null;
  /** Read-only: accepted and ignored. */
  readonly source?: 'host' | 'google' | 'microsoft' | 'caldav';
  /** Read-only: accepted and ignored. */
  readonly sync_source?: 'google' | 'microsoft' | 'caldav' | null;
  /** Read-only: accepted and ignored. */
  readonly series_id?: string | null;
  /** Read-only: accepted and ignored. */
  readonly original_start?: string | null;
  /** Read-only: accepted and ignored. */
  readonly version?: number;
  /** Read-only: accepted and ignored. */
  readonly updated_at?: string;
  /** Read-only: accepted and ignored. */
  readonly deleted_at?: string | null;
  /** Read-only: accepted and ignored. */
  readonly links?: AppointmentLink[];
}

export interface AuthorizeIntegration {
  /** Where the provider sends the user back. Leave it out to use this server's callback page (the sign-in window binds the flow to its browser). Anything else must be one of the server's allowed redirect URIs (`CALSYNC_OAUTH_REDIRECT_URIS`), and the code is then completed with `POST /calendar-integrations` by the same user. */
  redirect_uri?: string;
  user_id?: string;
  login_hint?: string;
  sync_enabled?: boolean;
  sync_direction?: 'bidirectional' | 'import_only' | 'export_only';
  privacy_level?: 'minimal' | 'normal' | 'full';
  create_video_meetings?: boolean;
  video_platform?: 'zoom' | 'google_meet' | 'teams' | null;
  provider_calendar_id?: string;
  cancellation_policy?: 'soft_delete' | 'mark_removed';
  require_approval?: boolean;
}

export interface Integration {
  id: string;
  provider: 'google' | 'outlook' | 'icloud' | 'caldav';
  user_id: string;
  calendar_name: string | null;
  account_email: string | null;
  provider_calendar_id: string | null;
  sync_enabled: boolean;
  sync_direction: 'bidirectional' | 'import_only' | 'export_only';
  privacy_level: 'minimal' | 'normal' | 'full';
  create_video_meetings: boolean;
  video_platform: 'zoom' | 'google_meet' | 'teams' | null;
  cancellation_policy: 'soft_delete' | 'mark_removed';
  require_approval: boolean;
  sync_status: 'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected';
  status_reason: string | null;
  last_sync_at: string | null;
  next_sync_at: string | null;
  created_at: string;
  updated_at: string;
}

export type CreateIntegration =
  | {
      provider: 'google' | 'outlook';
      authorization_code: string;
      state: string;
      sync_enabled?: boolean;
      sync_direction?: 'bidirectional' | 'import_only' | 'export_only';
      privacy_level?: 'minimal' | 'normal' | 'full';
      create_video_meetings?: boolean;
      video_platform?: 'zoom' | 'google_meet' | 'teams' | null;
      provider_calendar_id?: string;
      cancellation_policy?: 'soft_delete' | 'mark_removed';
      require_approval?: boolean;
    }
  | {
      provider: 'icloud';
      user_id?: string;
      server_url?: string;
      username: string;
      password: string;
      sync_enabled?: boolean;
      sync_direction?: 'bidirectional' | 'import_only' | 'export_only';
      privacy_level?: 'minimal' | 'normal' | 'full';
      create_video_meetings?: boolean;
      video_platform?: 'zoom' | 'google_meet' | 'teams' | null;
      provider_calendar_id?: string;
      cancellation_policy?: 'soft_delete' | 'mark_removed';
      require_approval?: boolean;
    }
  | {
      provider: 'caldav';
      user_id?: string;
      server_url: string;
      username: string;
      password: string;
      sync_enabled?: boolean;
      sync_direction?: 'bidirectional' | 'import_only' | 'export_only';
      privacy_level?: 'minimal' | 'normal' | 'full';
      create_video_meetings?: boolean;
      video_platform?: 'zoom' | 'google_meet' | 'teams' | null;
      provider_calendar_id?: string;
      cancellation_policy?: 'soft_delete' | 'mark_removed';
      require_approval?: boolean;
    };

export interface IntegrationUpdate {
  sync_enabled?: boolean;
  sync_direction?: 'bidirectional' | 'import_only' | 'export_only';
  privacy_level?: 'minimal' | 'normal' | 'full';
  create_video_meetings?: boolean;
  video_platform?: 'zoom' | 'google_meet' | 'teams' | null;
  provider_calendar_id?: string | null;
  cancellation_policy?: 'soft_delete' | 'mark_removed';
  require_approval?: boolean;
  /** Read-only: accepted and ignored. */
  readonly id?: string;
  /** Read-only: accepted and ignored. */
  readonly provider?: 'google' | 'outlook' | 'icloud' | 'caldav';
  /** Read-only: accepted and ignored. */
  readonly user_id?: string;
  /** Read-only: accepted and ignored. */
  readonly calendar_name?: string | null;
  /** Read-only: accepted and ignored. */
  readonly account_email?: string | null;
  /** Read-only: accepted and ignored. */
  readonly sync_status?: 'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected';
  /** Read-only: accepted and ignored. */
  readonly status_reason?: string | null;
  /** Read-only: accepted and ignored. */
  readonly last_sync_at?: string | null;
  /** Read-only: accepted and ignored. */
  readonly next_sync_at?: string | null;
  /** Read-only: accepted and ignored. */
  readonly created_at?: string;
  /** Read-only: accepted and ignored. */
  readonly updated_at?: string;
}

export interface IntegrationPatch {
  sync_enabled?: boolean;
  sync_direction?: 'bidirectional' | 'import_only' | 'export_only';
  privacy_level?: 'minimal' | 'normal' | 'full';
  create_video_meetings?: boolean;
  video_platform?: 'zoom' | 'google_meet' | 'teams' | null;
  provider_calendar_id?: string | null;
  cancellation_policy?: 'soft_delete' | 'mark_removed';
  require_approval?: boolean;
  /** Read-only: accepted and ignored. */
  readonly id?: string;
  /** Read-only: accepted and ignored. */
  readonly provider?: 'google' | 'outlook' | 'icloud' | 'caldav';
  /** Read-only: accepted and ignored. */
  readonly user_id?: string;
  /** Read-only: accepted and ignored. */
  readonly calendar_name?: string | null;
  /** Read-only: accepted and ignored. */
  readonly account_email?: string | null;
  /** Read-only: accepted and ignored. */
  readonly sync_status?: 'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected';
  /** Read-only: accepted and ignored. */
  readonly status_reason?: string | null;
  /** Read-only: accepted and ignored. */
  readonly last_sync_at?: string | null;
  /** Read-only: accepted and ignored. */
  readonly next_sync_at?: string | null;
  /** Read-only: accepted and ignored. */
  readonly created_at?: string;
  /** Read-only: accepted and ignored. */
  readonly updated_at?: string;
}

export interface Calendar {
  id: string;
  provider_calendar_id: string;
  name: string;
  role: 'primary' | 'shared' | 'delegated' | 'room' | 'other';
  access_role: 'owner' | 'writer' | 'reader' | 'free_busy_reader';
  time_zone: string | null;
  selected: boolean;
  destination: boolean;
}

export interface CalendarUpdate {
  selected?: boolean;
  destination?: boolean;
  /** Read-only: accepted and ignored. */
  readonly id?: string;
  /** Read-only: accepted and ignored. */
  readonly provider_calendar_id?: string;
  /** Read-only: accepted and ignored. */
  readonly name?: string;
  /** Read-only: accepted and ignored. */
  readonly role?: 'primary' | 'shared' | 'delegated' | 'room' | 'other';
  /** Read-only: accepted and ignored. */
  readonly access_role?: 'owner' | 'writer' | 'reader' | 'free_busy_reader';
  /** Read-only: accepted and ignored. */
  readonly time_zone?: string | null;
}

export interface Conflict {
  id: string;
  appointment_id: string;
  internal_version: EventSnapshot;
  external_version: EventSnapshot;
  base_version: EventSnapshot;
  fields: string[];
  conflict_reason: string;
  auto_resolution: string | null;
  resolution: string | null;
  status: 'open' | 'resolved';
  detected_at: string;
  resolved_at: string | null;
}

export type EventSnapshot = {
  title: string;
  description: string | null;
  location: string | null;
  time: ZonedTime | AllDayTime | FloatingTime;
  recurrence: {
    lines: string[];
  } | null;
  attendees: {
    email: string;
    name: string | null;
    responseStatus: 'needs_action' | 'accepted' | 'declined' | 'tentative';
    optional: boolean;
    organizer: boolean;
    resource: boolean;
  }[];
  status: 'confirmed' | 'tentative' | 'cancelled';
  meeting: {
    provider: 'zoom' | 'google_meet' | 'teams' | 'other';
    joinUrl: string;
    conferenceId: string | null;
  } | null;
  reminders: {
    useDefault: boolean;
    overrides: {
      method: 'popup' | 'email';
      minutesBefore: number;
    }[];
  };
  transparency: 'opaque' | 'transparent';
} | null;

export interface ZonedTime {
  kind: 'zoned';
  startsAtUTC: string;
  endsAtUTC: string;
  timeZone: string;
}

export interface AllDayTime {
  kind: 'all_day';
  startDate: string;
  endDate: string;
}

export interface FloatingTime {
  kind: 'floating';
  startsAtLocal: string;
  endsAtLocal: string;
}

export interface SyncAttempt {
  id: string;
  operation: string;
  status: 'running' | 'success' | 'fail' | 'retrying';
  error_class: string | null;
  error_message: string | null;
  correlation_id: string;
  attempt: number;
  items_processed: number;
  started_at: string;
  finished_at: string | null;
}

export interface SyncStatus {
  sync_status: 'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected';
  status_reason: string | null;
  last_sync_at: string | null;
  next_sync_at: string | null;
  progress: {
    phase: string;
    done: number;
    total: number | null;
  } | null;
  recent_events: {
    event_type: string;
    direction: string;
    status: string;
    processed_at: string;
  }[];
  failed_events: number;
  conflicts: number;
  cursor: {
    calendar_id: string;
    updated_at: string | null;
  }[];
}

export interface ResolveConflict {
  resolution: 'kept_internal' | 'kept_external' | 'merged' | 'created_duplicate';
  merged?: {
    [key: string]: 'internal' | 'external';
  };
  reason?: string;
}

export interface Approval {
  id: string;
  integration_id: string;
  action: 'create' | 'update' | 'delete' | 'rsvp';
  appointment_id: string | null;
  snapshot: ApprovalSnapshot;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  notes: string | null;
  requested_at: string;
  expires_at: string;
  decided_at: string | null;
}

export interface ApprovalSnapshot {
  version: number;
  content: EventSnapshot;
}

export interface BusyPeriod {
  start: string;
  end: string;
  source: string;
}

export interface VideoMeeting {
  id: string;
  appointment_id: string;
  platform: 'zoom' | 'google_meet' | 'teams';
  status: 'pending' | 'active' | 'failed' | 'cancelled';
  meeting_id: string | null;
  /** Null while pending: Meet and Teams links arrive with the calendar event. */
  join_url: string | null;
  host_url: string | null;
  passcode: string | null;
  settings: {
    waiting_room: boolean;
    recording: 'none' | 'local' | 'cloud';
    passcode_required: boolean;
    alternative_hosts: string[];
  };
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface CreateVideoMeeting {
  appointment_id: string;
  platform: 'zoom' | 'google_meet' | 'teams';
  settings?: VideoMeetingSettingsInput;
}

export interface VideoMeetingSettingsInput {
  waiting_room?: boolean;
  recording?: 'none' | 'local' | 'cloud';
  passcode_required?: boolean;
  alternative_hosts?: string[];
}

export interface UpdateVideoMeeting {
  settings: VideoMeetingSettingsInput;
  /** Read-only: accepted and ignored. */
  readonly id?: string;
  /** Read-only: accepted and ignored. */
  readonly appointment_id?: string;
  /** Read-only: accepted and ignored. */
  readonly platform?: 'zoom' | 'google_meet' | 'teams';
  /** Read-only: accepted and ignored. */
  readonly status?: 'pending' | 'active' | 'failed' | 'cancelled';
  /** Read-only: accepted and ignored. */
  readonly meeting_id?: string | null;
  /** Null while pending: Meet and Teams links arrive with the calendar event. Read-only: accepted and ignored. */
  readonly join_url?: string | null;
  /** Read-only: accepted and ignored. */
  readonly host_url?: string | null;
  /** Read-only: accepted and ignored. */
  readonly passcode?: string | null;
  /** Read-only: accepted and ignored. */
  readonly error?: string | null;
  /** Read-only: accepted and ignored. */
  readonly created_at?: string;
  /** Read-only: accepted and ignored. */
  readonly updated_at?: string;
}

/** Every route of the API: path, then method, then its inputs and success bodies. */
export interface Paths {
  '/sessions': {
    /** Mint a session token for one user (secret key only) */
    post: {
      body: CreateSession;
      responses: {
        201: Session;
      };
    };
  };
  '/sessions/{id}': {
    /** Revoke a session token (a secret key: any of its tenant; a session: itself) */
    delete: {
      path: {
        id: string;
      };
      responses: {
        200: RevokedSession;
      };
    };
  };
  '/changes': {
    /** Read the change feed after a sequence number */
    get: {
      query: {
        after?: number | null;
        limit?: number;
      };
      responses: {
        200: ChangesPage;
      };
    };
  };
  '/stream': {
    /** The change feed as server-sent events */
    get: {
      query: {
        after?: number | null;
      };
      responses: {
        200: undefined;
      };
    };
  };
  '/webhook-endpoints': {
    /** List webhook endpoints (secret key only) */
    get: {
      query: {
        limit?: number;
        cursor?: string;
      };
      responses: {
        200: {
          data: WebhookEndpoint[];
          next_cursor: string | null;
        };
      };
    };
    /** Register an outbound webhook endpoint (secret key only) */
    post: {
      body: CreateWebhookEndpoint;
      responses: {
        201: CreatedWebhookEndpoint;
      };
    };
  };
  '/webhook-endpoints/{id}': {
    /** One webhook endpoint (secret key only) */
    get: {
      path: {
        id: string;
      };
      responses: {
        200: WebhookEndpoint;
      };
    };
    /** Delete a webhook endpoint and its delivery log (secret key only) */
    delete: {
      path: {
        id: string;
      };
      responses: {
        200: {
          id: string;
          deleted: true;
        };
      };
    };
  };
  '/webhook-endpoints/{id}/deliveries': {
    /** An endpoint's delivery log, newest first (secret key only) */
    get: {
      path: {
        id: string;
      };
      query: {
        limit?: number;
        cursor?: string;
        status?: 'pending' | 'delivered' | 'failed';
      };
      responses: {
        200: {
          data: WebhookDelivery[];
          next_cursor: string | null;
        };
      };
    };
  };
  '/audit': {
    /** The tenant's audit log, newest first (secret key only) */
    get: {
      query: {
        limit?: number;
        cursor?: string;
      };
      responses: {
        200: {
          data: AuditEntry[];
          next_cursor: string | null;
        };
      };
    };
  };
  '/users/{user_id}/export': {
    /** Everything stored about a user, secrets excluded (secret key only, audited) */
    get: {
      path: {
        user_id: string;
      };
      responses: {
        200: UserExport;
      };
    };
  };
  '/users/{user_id}': {
    /** Erase a user and all its data (secret key only, audited) */
    delete: {
      path: {
        user_id: string;
      };
      query: {
        delete_external_events?: 'true' | 'false';
      };
      responses: {
        200: UserErased;
      };
    };
  };
  '/appointments': {
    /** List a user's appointments in a window, optionally expanded or searched */
    get: {
      query: {
        limit?: number;
        cursor?: string;
        user_id?: string;
        from?: string;
        to?: string;
        include_deleted?: 'true' | 'false';
        expand?: 'true' | 'false';
        q?: string;
      };
      responses: {
        200: {
          data: Appointment[];
          next_cursor: string | null;
        };
      };
    };
    /** Create an appointment, or update the one with the same host_ref */
    post: {
      body: AppointmentInput;
      responses: {
        200: Appointment;
        201: Appointment;
      };
    };
  };
  '/appointments/{id}': {
    get: {
      path: {
        id: string;
      };
      responses: {
        200: Appointment;
      };
    };
    /** Update: the writable fields (left-out optional ones kept); GET bodies are accepted */
    put: {
      path: {
        id: string;
      };
      body: AppointmentUpdate;
      responses: {
        200: Appointment;
      };
    };
    /** Cancel: status cancelled, removed from external calendars */
    delete: {
      path: {
        id: string;
      };
      responses: {
        200: Appointment;
      };
    };
    /** Change some fields (JSON merge patch, RFC 7396) */
    patch: {
      path: {
        id: string;
      };
      body: AppointmentPatch;
      responses: {
        200: Appointment;
      };
    };
  };
  '/appointments/{id}/resync': {
    /** Push the appointment to every connected calendar again (secret key only, audited) */
    post: {
      path: {
        id: string;
      };
      responses: {
        202: {
          message: string;
        };
      };
    };
  };
  '/providers': {
    /** Which providers this server can connect */
    get: {
      responses: {
        200: {
          data: {
            provider: 'google' | 'outlook' | 'icloud' | 'caldav';
            flow: 'oauth' | 'credentials';
          }[];
        };
      };
    };
  };
  '/calendar-integrations/{provider}/authorize': {
    /** Start the OAuth code flow (state + PKCE) */
    post: {
      path: {
        provider: 'google' | 'outlook';
      };
      body?: AuthorizeIntegration;
      responses: {
        200: {
          /** Open it in the sign-in window. With the server's callback page, a Calsync start URL holding a single-use ticket valid for 60 seconds: it binds the flow to that browser (an HttpOnly cookie) and redirects to the provider. With an allowed `redirect_uri`, the provider's consent URL. */
          authorization_url: string;
          /** The OAuth state: the callback page posts it back with the result (expires in 10 minutes). */
          state: string;
        };
      };
    };
  };
  '/calendar-integrations': {
    /** Connected accounts, oldest first */
    get: {
      query: {
        limit?: number;
        cursor?: string;
        user_id?: string;
      };
      responses: {
        200: {
          data: Integration[];
          next_cursor: string | null;
        };
      };
    };
    /** Connect an account: an OAuth code (Google, Outlook) or CalDAV credentials (iCloud, CalDAV) */
    post: {
      body: CreateIntegration;
      responses: {
        200: Integration;
        201: Integration;
      };
    };
  };
  '/calendar-integrations/{id}': {
    get: {
      path: {
        id: string;
      };
      responses: {
        200: Integration;
      };
    };
    /** Change settings; sync_enabled false pauses (settings kept) */
    put: {
      path: {
        id: string;
      };
      body: IntegrationUpdate;
      responses: {
        200: Integration;
      };
    };
    /** Disconnect: stop sync, revoke tokens, delete credentials, keep appointments */
    delete: {
      path: {
        id: string;
      };
      responses: {
        200: {
          id: string;
          sync_status: 'disconnected';
        };
      };
    };
    /** Change some settings (JSON merge patch, RFC 7396) */
    patch: {
      path: {
        id: string;
      };
      body: IntegrationPatch;
      responses: {
        200: Integration;
      };
    };
  };
  '/calendar-integrations/{id}/calendars': {
    /** The account's calendars, primary first, then by name */
    get: {
      path: {
        id: string;
      };
      query: {
        limit?: number;
        cursor?: string;
      };
      responses: {
        200: {
          data: Calendar[];
          next_cursor: string | null;
        };
      };
    };
  };
  '/calendar-integrations/{id}/calendars/{calendar_id}': {
    /** Select a calendar for import, or make it the destination of exports */
    put: {
      path: {
        id: string;
        calendar_id: string;
      };
      body: CalendarUpdate;
      responses: {
        200: Calendar;
      };
    };
  };
  '/calendar-integrations/{id}/conflicts': {
    get: {
      path: {
        id: string;
      };
      query: {
        limit?: number;
        cursor?: string;
        status?: 'open' | 'resolved';
      };
      responses: {
        200: {
          data: Conflict[];
          next_cursor: string | null;
        };
      };
    };
  };
  '/calendar-integrations/{id}/sync-attempts': {
    get: {
      path: {
        id: string;
      };
      query: {
        limit?: number;
        cursor?: string;
        status?: 'running' | 'success' | 'fail' | 'retrying';
      };
      responses: {
        200: {
          data: SyncAttempt[];
          next_cursor: string | null;
        };
      };
    };
  };
  '/calendar-integrations/{id}/sync': {
    /** Sync now: incremental, full, or a full sync of a date range */
    post: {
      path: {
        id: string;
      };
      body?: {
        mode?: 'incremental' | 'full';
        from?: string;
        to?: string;
      };
      responses: {
        202: {
          message: string;
          sync_id: string;
          /** Calendars whose running pull was stuck (its worker stopped heartbeating) and was cancelled so this sync runs now; a live pull is never cancelled (0). */
          taken_over: number;
        };
      };
    };
  };
  '/calendar-integrations/{id}/sync-status': {
    get: {
      path: {
        id: string;
      };
      responses: {
        200: SyncStatus;
      };
    };
  };
  '/calendar-integrations/{id}/conflicts/{conflict_id}/resolve': {
    /** Resolve a conflict; the result syncs to every calendar */
    post: {
      path: {
        id: string;
        conflict_id: string;
      };
      body: ResolveConflict;
      responses: {
        200: Conflict;
      };
    };
  };
  '/calendar-integrations/{id}/sync-attempts/{attempt_id}/reprocess': {
    /** Hand a failed attempt back to the queue (secret key only, audited) */
    post: {
      path: {
        id: string;
        attempt_id: string;
      };
      responses: {
        202: SyncAttempt;
      };
    };
  };
  '/approvals': {
    /** Outbound writes held for the user’s yes */
    get: {
      query: {
        limit?: number;
        cursor?: string;
        user_id?: string;
        status?: 'pending' | 'approved' | 'rejected' | 'expired';
      };
      responses: {
        200: {
          data: Approval[];
          next_cursor: string | null;
        };
      };
    };
  };
  '/approvals/{id}': {
    /** Approve (send it) or reject a held write */
    post: {
      path: {
        id: string;
      };
      body: {
        action: 'approve' | 'reject';
        notes?: string;
      };
      responses: {
        200: Approval;
      };
    };
  };
  '/availability': {
    /** Busy time from every selected calendar plus the user’s appointments */
    get: {
      query: {
        user_id?: string;
        from: string;
        to: string;
      };
      responses: {
        200: {
          busy: BusyPeriod[];
          fetched_at: string | null;
        };
      };
    };
  };
  '/availability/check': {
    /** Is the user free for the whole of [start, end)? */
    post: {
      body: {
        user_id?: string;
        start: string;
        end: string;
      };
      responses: {
        200: {
          free: boolean;
          conflicts: BusyPeriod[];
        };
      };
    };
  };
  '/video-meetings': {
    /** Create the video meeting of a virtual appointment */
    post: {
      body: CreateVideoMeeting;
      responses: {
        201: VideoMeeting;
      };
    };
  };
  '/video-meetings/{id}': {
    get: {
      path: {
        id: string;
      };
      responses: {
        200: VideoMeeting;
      };
    };
    /** Change the settings of a meeting (Zoom applies them at once) */
    put: {
      path: {
        id: string;
      };
      body: UpdateVideoMeeting;
      responses: {
        200: VideoMeeting;
      };
    };
    /** Cancel a meeting and take its link out of the appointment */
    delete: {
      path: {
        id: string;
      };
      responses: {
        200: VideoMeeting;
      };
    };
  };
}

/**
 * PENDING WIRE TYPES — the only hand-written wire shapes of the SDK, taken from API.md.
 *
 * Each one stands in for a server type that the SDK cannot read yet, for one of two reasons:
 * 1. the route is not in the server's `ApiRoutes` yet (marked "route missing"), or
 * 2. the route exists but declares its response only as untyped JSON, because its schema is
 *    passed through a helper typed `z.ZodType` (marked "body untyped").
 * `RouteOutput` switches to the server's own type as soon as either is fixed; then delete the
 * entry here. Keep this file small.
 */
import type { RouteInput } from './routes.js';

type Provider = 'google' | 'outlook' | 'icloud' | 'caldav';
type ConnectionStatus = 'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected';
type IntegrationSettings = RouteInput<'/calendar-integrations/:id', '$put'>['json'];

/** Body untyped: `GET /calendar-integrations/{id}` and friends. */
export interface PendingIntegration extends Required<
  Omit<IntegrationSettings, 'sync_enabled' | 'provider_calendar_id'>
> {
  id: string;
  provider: Provider;
  user_id: string;
  calendar_name: string | null;
  account_email: string | null;
  provider_calendar_id: string | null;
  sync_enabled: boolean;
  video_platform: 'zoom' | 'google_meet' | 'teams' | null;
  sync_status: ConnectionStatus;
  status_reason: string | null;
  last_sync_at: string | null;
  next_sync_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Body untyped: `GET /calendar-integrations/{id}/calendars`. */
export interface PendingCalendar {
  id: string;
  provider_calendar_id: string;
  name: string;
  role: 'primary' | 'shared' | 'delegated' | 'room' | 'other';
  access_role: 'owner' | 'writer' | 'reader' | 'free_busy_reader';
  time_zone: string | null;
  selected: boolean;
  destination: boolean;
}

/** Body untyped: `GET /calendar-integrations/{id}/conflicts`. */
export interface PendingConflict {
  id: string;
  appointment_id: string;
  internal_version: unknown;
  external_version: unknown;
  base_version: unknown;
  fields: string[];
  conflict_reason: string;
  auto_resolution: string | null;
  resolution: string | null;
  status: 'open' | 'resolved';
  detected_at: string;
  resolved_at: string | null;
}

/** Body untyped: `GET /calendar-integrations/{id}/sync-attempts`. */
export interface PendingSyncAttempt {
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

type AppointmentInput = RouteInput<'/appointments', '$post'>['json'];

/** Body untyped: `GET /appointments/{id}` and friends. */
export interface PendingAppointment extends Required<
  Pick<AppointmentInput, 'title' | 'start' | 'end' | 'recurrence'>
> {
  id: string;
  host_ref: string | null;
  user_id: string;
  description: string | null;
  location: string | null;
  location_type: 'in_person' | 'virtual' | 'phone';
  time_zone: string | null;
  all_day: boolean;
  attendees: {
    email: string;
    name: string | null;
    response_status: 'needs_action' | 'accepted' | 'declined' | 'tentative';
    optional: boolean;
    organizer: boolean;
  }[];
  status: 'confirmed' | 'tentative' | 'cancelled';
  meeting_url: string | null;
  video_meeting: { id: string; platform: string; join_url: string | null; status: string } | null;
  source: 'host' | 'google' | 'microsoft' | 'caldav';
  sync_source: 'google' | 'microsoft' | 'caldav' | null;
  series_id: string | null;
  original_start: string | null;
  version: number;
  updated_at: string;
  deleted_at: string | null;
  links: { integration_id: string; provider_event_id: string; state: string }[];
}

/** Body untyped: `GET /availability` and `POST /availability/check`. */
interface PendingBusyPeriod {
  start: string;
  end: string;
  source: string;
}

/** Body untyped: `GET /availability`. */
export interface PendingAvailability {
  busy: PendingBusyPeriod[];
  fetched_at: string | null;
}

/** Body untyped: `POST /availability/check`. */
export interface PendingAvailabilityCheck {
  free: boolean;
  conflicts: PendingBusyPeriod[];
}

/** Body untyped: `POST /appointments/{id}/resync`; route missing: `POST …/reprocess`. */
export interface PendingMessage {
  message: string;
}

/** Route missing: `DELETE /calendar-integrations/{id}`. */
export interface PendingDisconnected {
  id: string;
  sync_status: 'disconnected';
}

/** Route missing: `POST /calendar-integrations/{provider}/authorize`, its body. */
export interface PendingAuthorizeBody {
  redirect_uri?: string;
}

/** Route missing: `POST /calendar-integrations/{provider}/authorize`, its answer. */
export interface PendingAuthorization {
  authorization_url: string;
  state: string;
}

/** Route missing: `POST /calendar-integrations` (OAuth code, or CalDAV credentials). */
export type PendingConnectBody = Omit<IntegrationSettings, 'provider_calendar_id'> & {
  provider_calendar_id?: string;
} & (
    | { provider: 'google' | 'outlook'; authorization_code: string; state: string }
    | { provider: 'icloud'; username: string; password: string; server_url?: string }
    | { provider: 'caldav'; server_url: string; username: string; password: string }
  );

/** Route missing: `POST /calendar-integrations/{id}/sync`. */
export interface PendingSyncBody {
  mode?: 'incremental' | 'full';
  from?: string;
  to?: string;
}

/** Route missing: the answer of `POST /calendar-integrations/{id}/sync`. */
export interface PendingSyncStarted {
  message: string;
  sync_id: string;
}

/** Route missing: `GET /calendar-integrations/{id}/sync-status`. */
export interface PendingSyncStatus {
  sync_status: ConnectionStatus;
  last_sync_at: string | null;
  next_sync_at: string | null;
  progress: { phase: string; done: number; total: number | null } | null;
  recent_events: { event_type: string; direction: string; status: string; processed_at: string }[];
  failed_events: number;
  conflicts: number;
  cursor: { calendar_id: string; updated_at: string | null }[];
}

/** Route missing: `POST /calendar-integrations/{id}/conflicts/{conflict_id}/resolve`. */
export interface PendingResolveConflictBody {
  resolution: 'kept_internal' | 'kept_external' | 'merged' | 'created_duplicate';
  merged?: Record<string, unknown>;
  reason?: string;
}

/** Route missing: `GET /approvals`, its query. */
export interface PendingApprovalQuery {
  user_id?: string;
  status?: PendingApproval['status'];
  limit?: number;
}

/** Route missing: `POST /approvals/{id}`, its body. */
export interface PendingApprovalDecision {
  action: 'approve' | 'reject';
  notes?: string;
}

/** Route missing: `GET /approvals`, an item. */
export interface PendingApproval {
  id: string;
  integration_id: string;
  action: 'create' | 'update' | 'delete' | 'rsvp';
  appointment_id: string | null;
  snapshot: unknown;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  requested_at: string;
  expires_at: string;
  decided_at: string | null;
}

/** Route missing: `POST /video-meetings` and `PUT /video-meetings/{id}`. */
export interface PendingVideoMeetingSettings {
  waiting_room?: boolean;
  recording?: boolean;
  passcode_required?: boolean;
  alternative_hosts?: string[];
}

/** Route missing: `POST /video-meetings`, its body. */
export interface PendingVideoMeetingBody {
  appointment_id: string;
  platform: 'zoom' | 'google_meet' | 'teams';
  settings?: PendingVideoMeetingSettings;
}

/** Route missing: the answer of `POST /video-meetings`. */
export interface PendingVideoMeeting {
  id: string;
  meeting_id: string;
  join_url: string;
  host_url: string | null;
  passcode: string | null;
}

/** Not in the server's types: `data` of each change type (the feed types it as a record). */
export interface PendingChangeData {
  'appointment.created': { id: string; host_ref: string | null; version: number };
  'appointment.updated': { id: string; host_ref: string | null; version: number };
  'appointment.deleted': { id: string; host_ref: string | null; version: number };
  'integration.updated': { id: string; sync_status: ConnectionStatus };
  'conflict.created': { id: string; integration_id: string; appointment_id: string };
  'conflict.resolved': { id: string; integration_id: string; resolution: string };
  'sync.failed': { integration_id: string; attempt_id: string; operation: string };
  'video_meeting.failed': { appointment_id: string };
  'approval.expired': { id: string; integration_id: string; appointment_id: string | null };
}

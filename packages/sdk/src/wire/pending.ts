/**
 * PENDING WIRE TYPES — the only hand-written wire shapes of the SDK, copied from the server's
 * zod schemas and API.md.
 *
 * Each one stands in for a server type the SDK cannot read yet, for one of two reasons:
 * 1. "body untyped": the route exists, but passes its response schema through a `json()` helper
 *    typed `(schema: z.ZodType)`, so `ApiRoutes` only says "some JSON". A generic helper,
 *    `<T extends z.ZodType>(schema: T, …)` as in `webhook-endpoints.ts`, makes it typed.
 * 2. "route missing": the route is not in `ApiRoutes` yet.
 * `RouteOutput` switches to the server's own type as soon as either is fixed; then delete the
 * entry here. Request types are always derived (see `RouteInput`), except for missing routes.
 */
import type { RouteInput } from './routes.js';

type ConnectionStatus = 'active' | 'paused' | 'error' | 'needs_reauth' | 'disconnected';
type Settings = Required<
  Omit<RouteInput<'/calendar-integrations/:id', '$put'>['json'], 'provider_calendar_id'>
>;

/** Body untyped: `IntegrationSchema` (`GET /calendar-integrations/{id}` and friends). */
export interface PendingIntegration extends Settings {
  id: string;
  provider: 'google' | 'outlook' | 'icloud' | 'caldav';
  user_id: string;
  calendar_name: string | null;
  account_email: string | null;
  provider_calendar_id: string | null;
  sync_status: ConnectionStatus;
  status_reason: string | null;
  last_sync_at: string | null;
  next_sync_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Body untyped: `CalendarSchema`. */
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

/** Body untyped: `ConflictSchema`. */
export interface PendingConflict {
  id: string;
  appointment_id: string;
  // Objects (or null) in the store; the schema says only `z.unknown()`.
  internal_version: Record<string, unknown> | null;
  external_version: Record<string, unknown> | null;
  base_version: Record<string, unknown> | null;
  fields: string[];
  conflict_reason: string;
  auto_resolution: string | null;
  resolution: string | null;
  status: 'open' | 'resolved';
  detected_at: string;
  resolved_at: string | null;
}

/** Body untyped: `SyncAttemptSchema`. */
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

/** Body untyped: `SyncStatusSchema`. */
export interface PendingSyncStatus {
  sync_status: ConnectionStatus;
  status_reason: string | null;
  last_sync_at: string | null;
  next_sync_at: string | null;
  progress: { phase: string; done: number; total: number | null } | null;
  recent_events: { event_type: string; direction: string; status: string; processed_at: string }[];
  failed_events: number;
  conflicts: number;
  cursor: { calendar_id: string; updated_at: string | null }[];
}

type AppointmentInput = RouteInput<'/appointments', '$post'>['json'];

/** Body untyped: `AppointmentSchema`. */
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

/** Body untyped: `BusySchema`. */
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

/** Body untyped: `{ message }` of `POST /appointments/{id}/resync`. */
export interface PendingMessage {
  message: string;
}

/** Body untyped: `POST /calendar-integrations/{id}/sync`. */
export interface PendingSyncStarted {
  message: string;
  sync_id: string;
}

/** Body untyped: `DELETE /calendar-integrations/{id}`. */
export interface PendingDisconnected {
  id: string;
  sync_status: 'disconnected';
}

/** Body untyped: `POST /calendar-integrations/{provider}/authorize`. */
export interface PendingAuthorization {
  authorization_url: string;
  state: string;
}

/** Body untyped: `GET /providers`. */
export interface PendingProviders {
  data: { provider: 'google' | 'outlook' | 'icloud' | 'caldav'; flow: 'oauth' | 'credentials' }[];
}

/** Body untyped: `ApprovalSchema`. */
export interface PendingApproval {
  id: string;
  integration_id: string;
  action: 'create' | 'update' | 'delete' | 'rsvp';
  appointment_id: string | null;
  snapshot: Record<string, unknown>;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  notes: string | null;
  requested_at: string;
  expires_at: string;
  decided_at: string | null;
}

/** Route missing: meeting settings of `POST /video-meetings` and `PUT /video-meetings/{id}`. */
export interface PendingVideoMeetingSettings {
  waiting_room?: boolean;
  recording?: boolean;
  passcode_required?: boolean;
  alternative_hosts?: string[];
}

/** Route missing: the body of `POST /video-meetings`. */
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

/** Not in the server's types: `data` of each change type (the feed declares a record). */
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

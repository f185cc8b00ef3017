import { z } from '@hono/zod-openapi';

/** The provider names of the API (the spec's): Microsoft is `outlook`, CalDAV splits by flavour. */
export const ApiProvider = z.enum(['google', 'outlook', 'icloud', 'caldav']);
export type ApiProvider = z.infer<typeof ApiProvider>;

/** Settings a connection can be created or updated with. */
export const IntegrationSettingsFields = {
  sync_enabled: z.boolean().optional(),
  sync_direction: z.enum(['bidirectional', 'import_only', 'export_only']).optional(),
  privacy_level: z.enum(['minimal', 'normal', 'full']).optional(),
  create_video_meetings: z.boolean().optional(),
  video_platform: z.enum(['zoom', 'google_meet', 'teams']).nullable().optional(),
  provider_calendar_id: z.string().min(1).max(1024).optional(),
  cancellation_policy: z.enum(['soft_delete', 'mark_removed']).optional(),
  require_approval: z.boolean().optional(),
};

/** `PUT /calendar-integrations/{id}`. */
export const UpdateIntegrationBody = z
  .object(IntegrationSettingsFields)
  .strict()
  .openapi('IntegrationUpdate');

/** A connection as the API returns it (never its credentials). */
export const IntegrationSchema = z
  .object({
    id: z.uuid(),
    provider: ApiProvider,
    user_id: z.string(),
    calendar_name: z.string().nullable(),
    account_email: z.string().nullable(),
    provider_calendar_id: z.string().nullable(),
    sync_enabled: z.boolean(),
    sync_direction: z.enum(['bidirectional', 'import_only', 'export_only']),
    privacy_level: z.enum(['minimal', 'normal', 'full']),
    create_video_meetings: z.boolean(),
    video_platform: z.enum(['zoom', 'google_meet', 'teams']).nullable(),
    cancellation_policy: z.enum(['soft_delete', 'mark_removed']),
    require_approval: z.boolean(),
    sync_status: z.enum(['active', 'paused', 'error', 'needs_reauth', 'disconnected']),
    status_reason: z.string().nullable(),
    last_sync_at: z.string().nullable(),
    next_sync_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Integration');

export type IntegrationOutput = z.infer<typeof IntegrationSchema>;

/** One external calendar of a connection. */
export const CalendarSchema = z
  .object({
    id: z.uuid(),
    provider_calendar_id: z.string(),
    name: z.string(),
    role: z.enum(['primary', 'shared', 'delegated', 'room', 'other']),
    access_role: z.enum(['owner', 'writer', 'reader', 'free_busy_reader']),
    time_zone: z.string().nullable(),
    selected: z.boolean(),
    destination: z.boolean(),
  })
  .openapi('Calendar');

/** `PUT /calendar-integrations/{id}/calendars/{calendar_id}`. */
export const UpdateCalendarBody = z
  .object({ selected: z.boolean().optional(), destination: z.literal(true).optional() })
  .strict()
  .openapi('CalendarUpdate');

/** A conflict as the API returns it. */
export const ConflictSchema = z
  .object({
    id: z.uuid(),
    appointment_id: z.uuid(),
    internal_version: z.unknown(),
    external_version: z.unknown(),
    base_version: z.unknown(),
    fields: z.array(z.string()),
    conflict_reason: z.string(),
    auto_resolution: z.string().nullable(),
    resolution: z.string().nullable(),
    status: z.enum(['open', 'resolved']),
    detected_at: z.string(),
    resolved_at: z.string().nullable(),
  })
  .openapi('Conflict');

/** A sync attempt as the API returns it. */
export const SyncAttemptSchema = z
  .object({
    id: z.uuid(),
    operation: z.string(),
    status: z.enum(['running', 'success', 'fail', 'retrying']),
    error_class: z.string().nullable(),
    error_message: z.string().nullable(),
    correlation_id: z.string(),
    attempt: z.number().int(),
    items_processed: z.number().int(),
    started_at: z.string(),
    finished_at: z.string().nullable(),
  })
  .openapi('SyncAttempt');

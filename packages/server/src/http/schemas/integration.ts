import { z } from '@hono/zod-openapi';
import { EventSnapshotSchema } from './event-snapshot.js';

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

/** Fields of an integration the server computes: shown by `GET`, never written by a host. */
const IntegrationComputedFields = {
  id: z.uuid(),
  provider: ApiProvider,
  user_id: z.string(),
  calendar_name: z.string().nullable(),
  account_email: z.string().nullable(),
  sync_status: z.enum(['active', 'paused', 'error', 'needs_reauth', 'disconnected']),
  status_reason: z.string().nullable(),
  last_sync_at: z.string().nullable(),
  next_sync_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
};

/** The computed fields as update bodies take them: optional, accepted and ignored. */
const ReadOnlyIntegrationFields = Object.fromEntries(
  Object.entries(IntegrationComputedFields).map(([name, schema]) => [
    name,
    schema.optional().openapi({ readOnly: true }),
  ]),
) as {
  [K in keyof typeof IntegrationComputedFields]: z.ZodOptional<
    (typeof IntegrationComputedFields)[K]
  >;
};

const UpdatableIntegrationFields = {
  ...IntegrationSettingsFields,
  /** The export destination; `null` (no destination) only where there is none. */
  provider_calendar_id: IntegrationSettingsFields.provider_calendar_id
    .unwrap()
    .nullable()
    .optional(),
};

/**
 * `PUT /calendar-integrations/{id}`: the settings (left out: unchanged); everything else `GET`
 * returns is accepted and ignored, so a `GET` body can be sent back.
 */
export const UpdateIntegrationBody = z
  .object({ ...UpdatableIntegrationFields, ...ReadOnlyIntegrationFields })
  .strict()
  .openapi('IntegrationUpdate');

/**
 * `PATCH /calendar-integrations/{id}` (JSON merge patch, RFC 7396): left out is unchanged,
 * `null` clears `video_platform` (and is accepted for `provider_calendar_id` when there is no
 * destination); any other `null` is refused.
 */
export const PatchIntegrationBody = z
  .object({ ...UpdatableIntegrationFields, ...ReadOnlyIntegrationFields })
  .strict()
  .openapi('IntegrationPatch');

export type UpdateIntegrationInput = z.infer<typeof UpdateIntegrationBody>;

/** A connection as the API returns it (never its credentials). */
export const IntegrationSchema = z
  .object({
    id: IntegrationComputedFields.id,
    provider: IntegrationComputedFields.provider,
    user_id: IntegrationComputedFields.user_id,
    calendar_name: IntegrationComputedFields.calendar_name,
    account_email: IntegrationComputedFields.account_email,
    provider_calendar_id: z.string().nullable(),
    sync_enabled: z.boolean(),
    sync_direction: z.enum(['bidirectional', 'import_only', 'export_only']),
    privacy_level: z.enum(['minimal', 'normal', 'full']),
    create_video_meetings: z.boolean(),
    video_platform: z.enum(['zoom', 'google_meet', 'teams']).nullable(),
    cancellation_policy: z.enum(['soft_delete', 'mark_removed']),
    require_approval: z.boolean(),
    sync_status: IntegrationComputedFields.sync_status,
    status_reason: IntegrationComputedFields.status_reason,
    last_sync_at: IntegrationComputedFields.last_sync_at,
    next_sync_at: IntegrationComputedFields.next_sync_at,
    created_at: IntegrationComputedFields.created_at,
    updated_at: IntegrationComputedFields.updated_at,
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

/**
 * `PUT /calendar-integrations/{id}/calendars/{calendar_id}`: `selected`, and `destination: true`
 * to make it the destination (`false` only where it is not: the destination moves, it is never
 * cleared). The rest of a listed calendar is accepted and ignored, so a list item can be sent
 * back; an `id` other than the path's is a 400.
 */
export const UpdateCalendarBody = z
  .object({
    selected: z.boolean().optional(),
    destination: z.boolean().optional(),
    id: z.uuid().optional().openapi({ readOnly: true }),
    provider_calendar_id: z.string().optional().openapi({ readOnly: true }),
    name: z.string().optional().openapi({ readOnly: true }),
    role: CalendarSchema.shape.role.optional().openapi({ readOnly: true }),
    access_role: CalendarSchema.shape.access_role.optional().openapi({ readOnly: true }),
    time_zone: z.string().nullable().optional().openapi({ readOnly: true }),
  })
  .strict()
  .openapi('CalendarUpdate');

/** A conflict as the API returns it. */
export const ConflictSchema = z
  .object({
    id: z.uuid(),
    appointment_id: z.uuid(),
    /** The appointment's side; null when it was deleted. */
    internal_version: EventSnapshotSchema.nullable(),
    /** The calendar's side; null when the event was deleted there. */
    external_version: EventSnapshotSchema.nullable(),
    /** What both sides last agreed on, when known. */
    base_version: EventSnapshotSchema.nullable(),
    fields: z.array(z.string()),
    conflict_reason: z.string(),
    auto_resolution: z.string().nullable(),
    resolution: z.string().nullable(),
    status: z.enum(['open', 'resolved']),
    detected_at: z.string(),
    resolved_at: z.string().nullable(),
  })
  .openapi('Conflict');

export type ConflictOutput = z.infer<typeof ConflictSchema>;

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

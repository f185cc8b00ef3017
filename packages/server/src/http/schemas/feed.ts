import { z } from '@hono/zod-openapi';
import type { ChangeType } from '../../store/changes.js';

/** A change-feed sequence number in a query: `after=SEQ` (0 = from the start). */
export const SeqQuery = z.coerce
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ example: 42 });

const ErrorClass = z.enum([
  'transient',
  'rate_limited',
  'auth',
  'not_found',
  'precondition_failed',
  'cursor_expired',
  'non_retryable',
]);

/** What each type of change carries in `data`. */
const CHANGE_DATA = {
  'appointment.created': 'AppointmentChangeData',
  'appointment.updated': 'AppointmentChangeData',
  'appointment.deleted': 'AppointmentChangeData',
  'integration.updated': 'IntegrationChangeData',
  'conflict.created': 'ConflictCreatedData',
  'conflict.resolved': 'ConflictResolvedData',
  'sync.failed': 'SyncFailedData',
  'video_meeting.failed': 'VideoMeetingFailedData',
  'approval.expired': 'ApprovalExpiredData',
} as const satisfies Record<ChangeType, string>;

const DATA_SCHEMAS = {
  AppointmentChangeData: z.object({
    id: z.string(),
    host_ref: z.string().nullable(),
    version: z.number().int(),
    /** The host's user id, when the change was made for one. */
    user_id: z.string().nullable().optional(),
    /** The integration the change came from (a pull). */
    integration_id: z.string().optional(),
  }),
  IntegrationChangeData: z.object({
    id: z.string(),
    sync_status: z.enum(['active', 'paused', 'error', 'needs_reauth', 'disconnected']),
    sync_enabled: z.boolean().optional(),
    provider: z.string().optional(),
    user_id: z.string().nullable().optional(),
    status_reason: z.string().nullable().optional(),
  }),
  ConflictCreatedData: z.object({
    id: z.string(),
    integration_id: z.string(),
    appointment_id: z.string(),
    fields: z.array(z.string()),
    conflict_reason: z.string(),
    auto_resolution: z.string().nullable(),
  }),
  ConflictResolvedData: z.object({
    id: z.string(),
    integration_id: z.string(),
    resolution: z.string(),
  }),
  SyncFailedData: z.object({
    integration_id: z.string(),
    attempt_id: z.string(),
    operation: z.string(),
    error_class: ErrorClass,
    message: z.string(),
    correlation_id: z.string(),
  }),
  VideoMeetingFailedData: z.object({
    id: z.string(),
    appointment_id: z.string(),
    platform: z.enum(['zoom', 'google_meet', 'teams']),
    integration_id: z.string().nullable(),
    operation: z.string(),
    error_class: ErrorClass,
    message: z.string(),
  }),
  ApprovalExpiredData: z.object({
    id: z.string(),
    integration_id: z.string(),
    appointment_id: z.string().nullable(),
    action: z.enum(['create', 'update', 'delete', 'rsvp']),
  }),
};
const NAMED_DATA = Object.fromEntries(
  Object.entries(DATA_SCHEMAS).map(([name, schema]) => [name, schema.openapi(name)]),
) as { [K in keyof typeof DATA_SCHEMAS]: (typeof DATA_SCHEMAS)[K] };

function changeOf<T extends ChangeType>(type: T) {
  return z.object({
    seq: z.number().int().openapi({ example: 43 }),
    type: z.literal(type),
    user_id: z.string().nullable().openapi({ example: 'user_123' }),
    data: NAMED_DATA[CHANGE_DATA[type]],
    at: z.string().openapi({ example: '2026-06-01T09:00:00.000Z' }),
  });
}

/**
 * One change of the feed, as the changes API, the stream and webhooks show it: `type` says
 * what `data` holds.
 */
export const ChangeSchema = z
  .discriminatedUnion('type', [
    changeOf('appointment.created'),
    changeOf('appointment.updated'),
    changeOf('appointment.deleted'),
    changeOf('integration.updated'),
    changeOf('conflict.created'),
    changeOf('conflict.resolved'),
    changeOf('sync.failed'),
    changeOf('video_meeting.failed'),
    changeOf('approval.expired'),
  ])
  .openapi('Change');

export type ChangeOutput = z.infer<typeof ChangeSchema>;

/** Every change type, for event-type filters. */
export const CHANGE_TYPES = [
  'appointment.created',
  'appointment.updated',
  'appointment.deleted',
  'integration.updated',
  'conflict.created',
  'conflict.resolved',
  'sync.failed',
  'video_meeting.failed',
  'approval.expired',
] as const satisfies readonly ChangeType[];

// A compile error here means a change type was added to the feed but not to the list above.
const everyTypeListed: Exclude<ChangeType, (typeof CHANGE_TYPES)[number]> extends never
  ? true
  : never = true;
void everyTypeListed;

import { z } from '@hono/zod-openapi';
import type { ChangeType } from '../../store/changes.js';
import { JsonObject } from './common.js';

/** A change-feed sequence number in a query: `after=SEQ` (0 = from the start). */
export const SeqQuery = z.coerce
  .number()
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ example: 42 });

/** One change of the feed, as the changes API, the stream and webhooks show it. */
export const ChangeSchema = z
  .object({
    seq: z.number().int().openapi({ example: 43 }),
    type: z.string().openapi({ example: 'appointment.updated' }),
    user_id: z.string().nullable().openapi({ example: 'user_123' }),
    data: JsonObject,
    at: z.string().openapi({ example: '2026-06-01T09:00:00.000Z' }),
  })
  .openapi('Change');

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

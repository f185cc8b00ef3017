import { z } from '@hono/zod-openapi';

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
    data: z.record(z.string(), z.unknown()),
    at: z.string().openapi({ example: '2026-06-01T09:00:00.000Z' }),
  })
  .openapi('Change');

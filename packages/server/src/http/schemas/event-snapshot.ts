import { z } from '@hono/zod-openapi';

const ZonedTime = z
  .object({
    kind: z.literal('zoned'),
    startsAtUTC: z.string(),
    endsAtUTC: z.string(),
    timeZone: z.string(),
  })
  .openapi('ZonedTime');

const AllDayTime = z
  .object({ kind: z.literal('all_day'), startDate: z.string(), endDate: z.string() })
  .openapi('AllDayTime');

const FloatingTime = z
  .object({ kind: z.literal('floating'), startsAtLocal: z.string(), endsAtLocal: z.string() })
  .openapi('FloatingTime');

/**
 * An event's content as the sync engine recorded it (conflict sides, held approvals): the
 * engine's own shape, so its member names are camelCase.
 */
export const EventSnapshotSchema = z
  .object({
    title: z.string(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    time: z.discriminatedUnion('kind', [ZonedTime, AllDayTime, FloatingTime]),
    recurrence: z.object({ lines: z.array(z.string()) }).nullable(),
    attendees: z.array(
      z.object({
        email: z.string(),
        name: z.string().nullable(),
        responseStatus: z.enum(['needs_action', 'accepted', 'declined', 'tentative']),
        optional: z.boolean(),
        organizer: z.boolean(),
        resource: z.boolean(),
      }),
    ),
    status: z.enum(['confirmed', 'tentative', 'cancelled']),
    meeting: z
      .object({
        provider: z.enum(['zoom', 'google_meet', 'teams', 'other']),
        joinUrl: z.string(),
        conferenceId: z.string().nullable(),
      })
      .nullable(),
    reminders: z.object({
      useDefault: z.boolean(),
      overrides: z.array(
        z.object({ method: z.enum(['popup', 'email']), minutesBefore: z.number().int() }),
      ),
    }),
    transparency: z.enum(['opaque', 'transparent']),
  })
  .openapi('EventSnapshot');

export type EventSnapshot = z.infer<typeof EventSnapshotSchema>;

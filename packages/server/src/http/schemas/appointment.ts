import { z } from '@hono/zod-openapi';
import { splitRecurrence } from '@calsync/core';
import { DateString, DateTimeString, ExternalUserId, TimeZoneSchema } from './common.js';

const FREQUENCIES = new Set([
  'SECONDLY',
  'MINUTELY',
  'HOURLY',
  'DAILY',
  'WEEKLY',
  'MONTHLY',
  'YEARLY',
]);
const RULE_PART =
  /^(FREQ|UNTIL|COUNT|INTERVAL|BYSECOND|BYMINUTE|BYHOUR|BYDAY|BYMONTHDAY|BYYEARDAY|BYWEEKNO|BYMONTH|BYSETPOS|WKST)=[A-Z0-9,+\-:TZ]+$/;

/** Why a recurrence line is not acceptable, or null when it is. */
export function recurrenceLineProblem(line: string): string | null {
  const parts = splitRecurrence([line]);
  if (parts.invalid.length) return `not an RRULE, EXRULE, RDATE or EXDATE line: ${line}`;
  for (const rule of [...parts.rrules, ...parts.exrules]) {
    const fields = rule.split(';');
    if (!fields.every((f) => RULE_PART.test(f))) return `malformed rule: ${line}`;
    const freq = fields.find((f) => f.startsWith('FREQ='))?.slice(5);
    if (!freq || !FREQUENCIES.has(freq)) return `rule needs a valid FREQ: ${line}`;
    if (fields.some((f) => f.startsWith('COUNT=')) && fields.some((f) => f.startsWith('UNTIL='))) {
      return `COUNT and UNTIL cannot both be set: ${line}`;
    }
  }
  return null;
}

const RecurrenceLines = z
  .array(z.string().min(1).max(1000))
  .max(50)
  .superRefine((lines, ctx) => {
    lines.forEach((line, i) => {
      const problem = recurrenceLineProblem(line);
      if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem });
    });
  })
  .openapi({ example: ['RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=10'] });

const AttendeeInput = z
  .object({
    email: z.email(),
    /** `null` clears the name; left out, a known attendee keeps theirs. */
    name: z.string().max(255).nullable().optional(),
    response_status: z.enum(['needs_action', 'accepted', 'declined', 'tentative']).optional(),
    optional: z.boolean().optional(),
    /** Read-only (the calendar that organises the event decides it): accepted and ignored. */
    organizer: z.boolean().optional().openapi({ readOnly: true }),
  })
  .strict()
  .openapi('AttendeeInput');

/** The fields a host may write on an appointment. */
const AppointmentFields = {
  title: z.string().max(1024),
  description: z.string().max(16_384).nullable().optional(),
  location: z.string().max(1024).nullable().optional(),
  location_type: z.enum(['in_person', 'virtual', 'phone']).optional(),
  start: z.union([DateTimeString, DateString]),
  end: z.union([DateTimeString, DateString]),
  time_zone: TimeZoneSchema.optional(),
  all_day: z.boolean().optional(),
  recurrence: RecurrenceLines.optional(),
  attendees: z.array(AttendeeInput).max(300).optional(),
  status: z.enum(['confirmed', 'tentative']).optional(),
  meeting_url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullable()
    .optional(),
};

/** A date-time without an offset (a floating time, as `GET` shows one): `2026-03-08T09:00:00`. */
const LocalDateTimeString = z.iso
  .datetime({ local: true })
  .refine((value) => !value.startsWith('0000'), { message: 'must be in the years 0001–9999' })
  .openapi({
    example: '2026-03-08T09:00:00',
    // Not `date-time`, which requires an offset.
    format: 'local-date-time',
    description: 'A floating time: the same wall-clock time in every zone, without an offset',
  });

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Whether a `start`/`end` is a floating date-time (no offset). */
export function isLocalDateTime(value: string): boolean {
  return LOCAL_DATE_TIME.test(value);
}

function checkTimes(
  value: { start: string; end: string; all_day?: boolean | undefined },
  ctx: z.RefinementCtx,
): void {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
  if (value.all_day) {
    if (!dateOnly.test(value.start) || !dateOnly.test(value.end)) {
      ctx.addIssue({
        code: 'custom',
        path: ['start'],
        message: 'all-day appointments take dates (YYYY-MM-DD)',
      });
      return;
    }
    if (value.end <= value.start) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'end must be after start (end date is exclusive)',
      });
    }
    return;
  }
  if (dateOnly.test(value.start) || dateOnly.test(value.end)) {
    ctx.addIssue({
      code: 'custom',
      path: ['start'],
      message: 'timed appointments take RFC 3339 date-times with an offset',
    });
    return;
  }
  if (isLocalDateTime(value.start) !== isLocalDateTime(value.end)) {
    ctx.addIssue({
      code: 'custom',
      path: ['end'],
      message: 'start and end must both have an offset, or (a floating time) neither',
    });
    return;
  }
  const at = (v: string) => Date.parse(isLocalDateTime(v) ? `${v}Z` : v);
  if (at(value.end) < at(value.start)) {
    ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must not be before start' });
  }
}

/** `POST /appointments`: create, or update when `host_ref` already exists. */
export const CreateAppointmentBody = z
  .object({
    host_ref: z.string().min(1).max(255).optional(),
    user_id: ExternalUserId.optional(),
    participant_user_ids: z.array(ExternalUserId).max(50).optional(),
    ...AppointmentFields,
  })
  .strict()
  .superRefine(checkTimes)
  .openapi('AppointmentInput');

const AttendeeOutput = z
  .object({
    email: z.string(),
    name: z.string().nullable(),
    response_status: z.enum(['needs_action', 'accepted', 'declined', 'tentative']),
    optional: z.boolean(),
    organizer: z.boolean(),
  })
  .openapi('Attendee');

const VideoMeetingSummary = z
  .object({
    id: z.string(),
    platform: z.string(),
    join_url: z.string().nullable(),
    status: z.string(),
  })
  .openapi('AppointmentVideoMeeting');

const AppointmentLink = z
  .object({ integration_id: z.string(), provider_event_id: z.string(), state: z.string() })
  .openapi('AppointmentLink');

/** Fields of an appointment the server computes: shown by `GET`, never written by a host. */
const AppointmentComputedFields = {
  id: z.uuid(),
  host_ref: z.string().nullable(),
  user_id: z.string(),
  video_meeting: VideoMeetingSummary.nullable(),
  source: z.enum(['host', 'google', 'microsoft', 'caldav']),
  sync_source: z.enum(['google', 'microsoft', 'caldav']).nullable(),
  series_id: z.string().nullable(),
  original_start: z.string().nullable(),
  version: z.number().int(),
  updated_at: z.string(),
  deleted_at: z.string().nullable(),
  links: z.array(AppointmentLink),
};

/** The appointment as the API returns it. */
export const AppointmentSchema = z
  .object({
    id: AppointmentComputedFields.id,
    host_ref: AppointmentComputedFields.host_ref,
    user_id: AppointmentComputedFields.user_id,
    title: z.string(),
    description: z.string().nullable(),
    location: z.string().nullable(),
    location_type: z.enum(['in_person', 'virtual', 'phone']),
    start: z.string(),
    end: z.string(),
    time_zone: z.string().nullable(),
    all_day: z.boolean(),
    recurrence: z.array(z.string()),
    attendees: z.array(AttendeeOutput),
    status: z.enum(['confirmed', 'tentative', 'cancelled']),
    meeting_url: z.string().nullable(),
    video_meeting: AppointmentComputedFields.video_meeting,
    source: AppointmentComputedFields.source,
    sync_source: AppointmentComputedFields.sync_source,
    series_id: AppointmentComputedFields.series_id,
    original_start: AppointmentComputedFields.original_start,
    version: AppointmentComputedFields.version,
    updated_at: AppointmentComputedFields.updated_at,
    deleted_at: AppointmentComputedFields.deleted_at,
    links: AppointmentComputedFields.links,
  })
  .openapi('Appointment');

export type AppointmentOutput = z.infer<typeof AppointmentSchema>;

/**
 * The computed fields as update bodies take them: optional, accepted and ignored (so a `GET`
 * body can be sent back), marked read-only in the OpenAPI document. `id` must match the path.
 */
const ReadOnlyAppointmentFields = Object.fromEntries(
  Object.entries(AppointmentComputedFields).map(([name, schema]) => [
    name,
    schema.optional().openapi({ readOnly: true }),
  ]),
) as {
  [K in keyof typeof AppointmentComputedFields]: z.ZodOptional<
    (typeof AppointmentComputedFields)[K]
  >;
};

/** What update bodies take beyond creation: the forms `GET` can show. */
const UpdatableFields = {
  ...AppointmentFields,
  /** A floating time (no offset) is accepted on an appointment that already has one. */
  start: z.union([DateTimeString, DateString, LocalDateTimeString]),
  end: z.union([DateTimeString, DateString, LocalDateTimeString]),
  /** `null`: the zone is cleared (UTC); left out, a timed appointment keeps its zone. */
  time_zone: TimeZoneSchema.nullable().optional(),
  /** `cancelled` only as `GET` shows it; cancel with `DELETE`. */
  status: z.enum(['confirmed', 'tentative', 'cancelled']).optional(),
};

/**
 * `PUT /appointments/{id}`: the writable fields (left-out optional ones keep their value);
 * everything else `GET` returns is accepted and ignored.
 */
export const UpdateAppointmentBody = z
  .object({ ...UpdatableFields, ...ReadOnlyAppointmentFields })
  .strict()
  .superRefine(checkTimes)
  .openapi('AppointmentUpdate');

/**
 * `PATCH /appointments/{id}` (JSON merge patch, RFC 7396): any subset of the `PUT` body; left
 * out is unchanged, `null` clears a nullable field, arrays (`attendees`, `recurrence`) are
 * replaced whole. The patched appointment is checked as a whole (`start`/`end`/`all_day`).
 */
export const PatchAppointmentBody = z
  .object({
    ...UpdatableFields,
    title: UpdatableFields.title.optional(),
    start: UpdatableFields.start.optional(),
    end: UpdatableFields.end.optional(),
    ...ReadOnlyAppointmentFields,
  })
  .strict()
  .openapi('AppointmentPatch');

export type CreateAppointmentInput = z.infer<typeof CreateAppointmentBody>;
export type UpdateAppointmentInput = z.infer<typeof UpdateAppointmentBody>;
export type PatchAppointmentInput = z.infer<typeof PatchAppointmentBody>;

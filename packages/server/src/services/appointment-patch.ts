import { applyMergePatch } from '../http/merge-patch.js';
import { invalidRequest } from '../http/router.js';
import {
  UpdateAppointmentBody,
  type AppointmentOutput,
  type PatchAppointmentInput,
  type UpdateAppointmentInput,
} from '../http/schemas/appointment.js';
import type { AppointmentRow } from '../store/appointments.js';

/** An attendee's writable fields, as `GET` shows them. */
export function attendeeView(attendee: AppointmentRow['attendees'][number]): WritableAttendee {
  return {
    email: attendee.email,
    name: attendee.name,
    response_status: attendee.responseStatus,
    optional: attendee.optional,
  };
}

type WritableAttendee = Omit<AppointmentOutput['attendees'][number], 'organizer'>;

/** What of `GET /appointments/{id}` a `PUT` writes: every field present. */
export type WritableAppointment = Pick<
  AppointmentOutput,
  | 'title'
  | 'description'
  | 'location'
  | 'location_type'
  | 'start'
  | 'end'
  | 'time_zone'
  | 'all_day'
  | 'recurrence'
  | 'status'
  | 'meeting_url'
> & { attendees: WritableAttendee[] };

/** The writable fields of a stored appointment, as `GET` shows them. */
export function writableView(row: AppointmentRow): WritableAppointment {
  const timed = row.time_kind === 'instant';
  return {
    title: row.title,
    description: row.description,
    location: row.location,
    location_type: row.location_type,
    start: timed ? row.starts_at!.toISOString() : (row.start_date ?? row.start_local!),
    end: timed ? row.ends_at!.toISOString() : (row.end_date ?? row.end_local!),
    time_zone: row.time_zone,
    all_day: row.time_kind === 'all_day',
    recurrence: row.recurrence,
    attendees: row.attendees.map(attendeeView),
    status: row.status,
    meeting_url: row.meeting?.joinUrl ?? null,
  };
}

/**
 * The update a merge patch makes of `row`: the patch applied to its writable fields, checked
 * like a `PUT` body with the time fields taken whole (so `{ all_day: true }` without dates is a
 * 400 naming `start`). Fields the patch leaves out stay out, so they keep their stored value
 * (the zone, the attendees with their replies, the reminders…). Read-only fields are dropped.
 *
 * @example
 * const input = patchedInput(locked, { title: 'Standup' }); // time zone, attendees… kept
 */
export function patchedInput(
  row: AppointmentRow,
  patch: PatchAppointmentInput,
): UpdateAppointmentInput {
  const writable = writableView(row);
  const changes = Object.fromEntries(Object.entries(patch).filter(([key]) => key in writable));
  const merged = applyMergePatch(writable, changes);
  const touched = Object.fromEntries(Object.keys(changes).map((key) => [key, merged[key]]));
  const parsed = UpdateAppointmentBody.safeParse({
    title: merged.title,
    start: merged.start,
    end: merged.end,
    all_day: merged.all_day,
    ...touched,
  });
  if (!parsed.success) throw invalidRequest(parsed.error, 'body');
  return parsed.data;
}

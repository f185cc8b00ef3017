import type { Occurrence, OriginalStart } from '@calsync/core';
import type { Db } from '../db/connect.js';
import type { AppointmentOutput } from '../http/schemas/appointment.js';
import type { AppointmentRow } from '../store/appointments.js';
import { attendeeView, writableView } from './appointment-patch.js';

interface Related {
  users: Map<string, string>;
  links: Map<string, AppointmentOutput['links']>;
  meetings: Map<string, NonNullable<AppointmentOutput['video_meeting']>>;
}

async function loadRelated(db: Db, rows: readonly AppointmentRow[]): Promise<Related> {
  const ids = rows.map((r) => r.id);
  const userIds = [...new Set(rows.map((r) => r.user_id))];
  const [users, links, meetings] = await Promise.all([
    db<
      { id: string; external_id: string }[]
    >`select id, external_id from users where id = any(${userIds}::uuid[])`,
    db<
      { appointment_id: string; connection_id: string; external_event_id: string; state: string }[]
    >`
      select appointment_id, connection_id, external_event_id, state from event_links
      where appointment_id = any(${ids}::uuid[]) order by created_at`,
    db<
      {
        id: string;
        appointment_id: string;
        platform: string;
        join_url: string | null;
        status: string;
      }[]
    >`
      select id, appointment_id, platform, join_url, status from video_meetings
      where appointment_id = any(${ids}::uuid[]) and status in ('pending', 'active', 'failed')
      order by created_at`,
  ]);
  const linkMap = new Map<string, AppointmentOutput['links']>();
  for (const l of links) {
    const list = linkMap.get(l.appointment_id) ?? [];
    list.push({
      integration_id: l.connection_id,
      provider_event_id: l.external_event_id,
      state: l.state,
    });
    linkMap.set(l.appointment_id, list);
  }
  return {
    users: new Map(users.map((u) => [u.id, u.external_id])),
    links: linkMap,
    meetings: new Map(
      meetings.map((m) => [
        m.appointment_id,
        { id: m.id, platform: m.platform, join_url: m.join_url, status: m.status },
      ]),
    ),
  };
}

function formatOriginalStart(value: OriginalStart | null): string | null {
  if (!value) return null;
  return value.kind === 'instant'
    ? value.atUTC
    : value.kind === 'date'
      ? value.date
      : value.atLocal;
}

function present(row: AppointmentRow, related: Related): AppointmentOutput {
  return {
    id: row.id,
    host_ref: row.host_ref,
    user_id: related.users.get(row.user_id) ?? row.user_id,
    ...writableView(row),
    attendees: row.attendees.map((a) => ({ ...attendeeView(a), organizer: a.organizer })),
    video_meeting: related.meetings.get(row.id) ?? null,
    source: row.source,
    sync_source: row.sync_source,
    series_id: row.series_id,
    original_start: formatOriginalStart(row.original_start),
    version: row.version,
    updated_at: row.updated_at.toISOString(),
    deleted_at: row.deleted_at?.toISOString() ?? null,
    links: related.links.get(row.id) ?? [],
  };
}

/** The API shape of appointments, with links, video meetings and host user ids, in one round. */
export async function presentAppointments(
  db: Db,
  rows: readonly AppointmentRow[],
): Promise<AppointmentOutput[]> {
  if (rows.length === 0) return [];
  const related = await loadRelated(db, rows);
  return rows.map((row) => present(row, related));
}

/** One instance of a series as the API shows it with `expand=true`. */
export function presentOccurrence(
  series: AppointmentOutput,
  occurrence: Occurrence,
): AppointmentOutput {
  const time = occurrence.time;
  const start =
    time.kind === 'zoned'
      ? time.startsAtUTC
      : time.kind === 'all_day'
        ? time.startDate
        : time.startsAtLocal;
  const end =
    time.kind === 'zoned'
      ? time.endsAtUTC
      : time.kind === 'all_day'
        ? time.endDate
        : time.endsAtLocal;
  return {
    ...series,
    start,
    end,
    recurrence: [],
    series_id: series.id,
    original_start: formatOriginalStart(occurrence.originalStart),
  };
}

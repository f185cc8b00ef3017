import type { Db } from '../db/connect.js';

/** The platforms Calsync creates meetings on. */
export type VideoPlatform = 'zoom' | 'google_meet' | 'teams';

/** Lifecycle of a meeting row: one `pending` or `active` row per appointment at most. */
export type VideoMeetingStatus = 'pending' | 'active' | 'failed' | 'cancelled';

/** The meeting options a host chooses, as the API and the `settings` column spell them. */
export interface StoredMeetingSettings {
  waiting_room?: boolean;
  recording?: 'none' | 'local' | 'cloud';
  passcode_required?: boolean;
  alternative_hosts?: string[];
  /** Fingerprint of what was last sent to the provider (time, text, settings). */
  applied?: string;
  /** Why a cancelled meeting was cancelled (see {@link CANCEL_REASONS}). */
  cancel_reason?: CancelReason;
}

/** Why a meeting was cancelled; some of them keep Calsync from creating another automatically. */
export const CANCEL_REASONS = {
  appointmentCancelled: 'appointment_cancelled',
  notVirtual: 'not_virtual',
  manualLink: 'manual_link',
  deleted: 'deleted',
} as const;

/** One of {@link CANCEL_REASONS}. */
export type CancelReason = (typeof CANCEL_REASONS)[keyof typeof CANCEL_REASONS];

/** Reasons after which no meeting is created automatically again for the appointment. */
export const BLOCKING_CANCEL_REASONS: readonly CancelReason[] = ['manual_link', 'deleted'];

/** A `video_meetings` row; `passcode` is the keyring envelope. */
export interface VideoMeetingRow {
  id: string;
  tenant_id: string;
  appointment_id: string;
  connection_id: string | null;
  platform: VideoPlatform;
  provider_meeting_id: string | null;
  join_url: string | null;
  host_url: string | null;
  passcode: string | null;
  settings: StoredMeetingSettings;
  status: VideoMeetingStatus;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The live (`pending` or `active`) meeting of an appointment, locked when `lock` is set. */
export async function findLiveMeeting(
  db: Db,
  appointmentId: string,
  lock = false,
): Promise<VideoMeetingRow | undefined> {
  const [row] = await db<VideoMeetingRow[]>`
    select * from video_meetings
    where appointment_id = ${appointmentId} and status in ('pending', 'active')
    ${lock ? db`for update` : db``}`;
  return row;
}

/** The newest meeting row of an appointment, whatever its status. */
export async function findLatestMeeting(
  db: Db,
  appointmentId: string,
): Promise<VideoMeetingRow | undefined> {
  const [row] = await db<VideoMeetingRow[]>`
    select * from video_meetings where appointment_id = ${appointmentId}
    order by created_at desc, id desc limit 1`;
  return row;
}

/** A meeting of a tenant by id; with `userId`, only one of that user's appointments. */
export async function findMeeting(
  db: Db,
  tenantId: string,
  id: string,
  userId: string | null = null,
): Promise<VideoMeetingRow | undefined> {
  const [row] = await db<VideoMeetingRow[]>`
    select m.* from video_meetings m join appointments a on a.id = m.appointment_id
    where m.tenant_id = ${tenantId} and m.id = ${id}
      and (${userId}::uuid is null or a.user_id = ${userId})`;
  return row;
}

/** Inserts a `pending` meeting. Throws a unique violation when the appointment has a live one. */
export async function insertMeeting(
  db: Db,
  input: {
    tenantId: string;
    appointmentId: string;
    connectionId: string | null;
    platform: VideoPlatform;
    settings: StoredMeetingSettings;
    now: Date;
  },
): Promise<VideoMeetingRow> {
  const [row] = await db<VideoMeetingRow[]>`
    insert into video_meetings (tenant_id, appointment_id, connection_id, platform, settings,
      status, created_at, updated_at)
    values (${input.tenantId}, ${input.appointmentId}, ${input.connectionId}, ${input.platform},
      ${db.json(input.settings as never)}, 'pending', ${input.now}, ${input.now})
    returning *`;
  return row!;
}

/** The columns {@link updateMeeting} may change. */
export interface MeetingChanges {
  provider_meeting_id?: string | null;
  join_url?: string | null;
  host_url?: string | null;
  /** Already encrypted. */
  passcode?: string | null;
  settings?: StoredMeetingSettings;
  status?: VideoMeetingStatus;
  error?: string | null;
}

/** Updates a meeting row; returns it. */
export async function updateMeeting(
  db: Db,
  id: string,
  changes: MeetingChanges,
  now: Date,
): Promise<VideoMeetingRow> {
  const values: Record<string, unknown> = { ...changes, updated_at: now };
  if (changes.settings) values.settings = db.json(changes.settings as never);
  const [row] = await db<VideoMeetingRow[]>`
    update video_meetings set ${db(values as never)} where id = ${id} returning *`;
  return row!;
}

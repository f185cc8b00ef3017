import type { ZoomMeeting } from './types.js';

/** The meeting JSON Zoom answers (create and get). */
export function renderMeeting(meeting: ZoomMeeting, baseUrl: string): Record<string, unknown> {
  const encrypted = Buffer.from(meeting.password).toString('base64url');
  return {
    uuid: meeting.uuid,
    id: meeting.id,
    host_id: meeting.hostId,
    host_email: meeting.hostEmail,
    topic: meeting.topic,
    type: meeting.type,
    status: 'waiting',
    ...(meeting.startTimeMs === undefined
      ? {}
      : { start_time: new Date(meeting.startTimeMs).toISOString().replace('.000Z', 'Z') }),
    ...(meeting.recurrence === undefined ? {} : { recurrence: meeting.recurrence }),
    duration: meeting.durationMinutes,
    timezone: meeting.timezone,
    agenda: meeting.agenda,
    created_at: new Date(meeting.createdAtMs).toISOString().replace('.000Z', 'Z'),
    start_url: `${baseUrl}/s/${meeting.id}?zak=${meeting.startToken}`,
    join_url: `${baseUrl}/j/${meeting.id}?pwd=${encrypted}`,
    password: meeting.password,
    h323_password: meeting.password,
    pstn_password: meeting.password.replace(/\D/g, '') || '000000',
    encrypted_password: encrypted,
    settings: meeting.settings,
    pre_schedule: false,
  };
}

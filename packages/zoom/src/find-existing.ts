import type { ZoomClient } from './client.js';
import { ZOOM_LIMITS, ZOOM_PATHS } from './facts.js';
import { hasAppointmentMarker } from './marker.js';
import type { ZoomMeetingBody } from './meeting-body.js';
import type { ZoomMeetingJSON, ZoomMeetingListJSON } from './wire.js';

/**
 * Finds the host's scheduled meeting whose agenda carries the appointment marker (see
 * `marker.ts`), walking `next_page_token` pages; `null` when there is none.
 *
 * @example
 * const id = await findMarkedMeetingId(client, 'ann@example.com', 'apt_42');
 */
export async function findMarkedMeetingId(
  client: ZoomClient,
  userId: string,
  appointmentId: string,
): Promise<string | null> {
  let pageToken = '';
  for (let page = 0; page < ZOOM_LIMITS.listMaxPages; page++) {
    // `scheduled` also lists meetings whose start has passed but which have not expired.
    const list = (await client.send({
      method: 'GET',
      path: ZOOM_PATHS.userMeetings(userId),
      query: {
        type: 'scheduled',
        page_size: String(ZOOM_LIMITS.listPageSize),
        ...(pageToken === '' ? {} : { next_page_token: pageToken }),
      },
    })) as ZoomMeetingListJSON | null;
    const found = (list?.meetings ?? []).find((m) => hasAppointmentMarker(m.agenda, appointmentId));
    if (found?.id !== undefined) return String(found.id);
    pageToken = list?.next_page_token ?? '';
    if (pageToken === '') return null;
  }
  return null;
}

function emailSet(list: string | undefined): string {
  return (list ?? '')
    .split(/[;,]/)
    .map((email) => email.trim().toLowerCase())
    .filter((email) => email !== '')
    .sort()
    .join(';');
}

function sameRecurrence(
  current: ZoomMeetingJSON['recurrence'],
  wanted: ZoomMeetingBody['recurrence'],
): boolean {
  if (!current || !wanted) return !current && !wanted;
  const keys = new Set([...Object.keys(current), ...Object.keys(wanted)]);
  return [...keys].every(
    (key) =>
      String((current as Record<string, unknown>)[key] ?? '') ===
      String((wanted as unknown as Record<string, unknown>)[key] ?? ''),
  );
}

/**
 * True when a stored meeting differs from what Calsync would send now (a retried create may
 * carry a newer time than the lost one). Zoom answers `start_time` in UTC, so instants are
 * compared, using the request's own instant.
 *
 * @example
 * if (meetingDiffers(current, body, request.startsAtUTC)) await patch(body);
 */
export function meetingDiffers(
  current: ZoomMeetingJSON,
  body: ZoomMeetingBody,
  startsAtUTC: string,
): boolean {
  const settings = current.settings ?? {};
  const fixedTime = body.type !== 3;
  return (
    current.type !== body.type ||
    (body.type === 8 && !sameRecurrence(current.recurrence, body.recurrence)) ||
    current.topic !== body.topic ||
    current.agenda !== body.agenda ||
    current.duration !== body.duration ||
    current.timezone !== body.timezone ||
    (fixedTime && Date.parse(current.start_time ?? '') !== Date.parse(startsAtUTC)) ||
    settings.waiting_room !== body.settings.waiting_room ||
    settings.auto_recording !== body.settings.auto_recording ||
    emailSet(settings.alternative_hosts) !== emailSet(body.settings.alternative_hosts)
  );
}

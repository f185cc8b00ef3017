import type { Tx } from '../db/connect.js';
import type { JobSender } from '../jobs/sender.js';
import type { SyncHooks } from '../services/sync-hooks.js';
import type { AppointmentRow } from '../store/appointments.js';
import { enqueueVideoMeeting } from './queue.js';

/**
 * Whether a host write concerns video meetings: the appointment has a live meeting (to move,
 * cancel or remove), or it is a virtual appointment without a link whose user has a connection
 * that creates meetings.
 */
async function concernsMeetings(tx: Tx, appointment: AppointmentRow): Promise<boolean> {
  if (appointment.source !== 'host') return false;
  const wantsOne =
    appointment.location_type === 'virtual' &&
    appointment.meeting === null &&
    appointment.series_id === null &&
    appointment.deleted_at === null;
  const [row] = await tx<{ yes: boolean }[]>`
    select exists (select 1 from video_meetings
                   where appointment_id = ${appointment.id} and status in ('pending', 'active'))
      or (${wantsOne} and exists (select 1 from connections
                   where user_id = ${appointment.user_id} and status <> 'disconnected'
                     and create_video_meetings)) as yes`;
  return row?.yes ?? false;
}

/**
 * The video side of host writes: when an appointment's meeting has something to do (create,
 * move, cancel, remove), its `video.meeting` job is enqueued in the writing transaction.
 *
 * @example
 * const ctx = { …, sync: composeHooks(createSyncHooks(jobs), createVideoHooks(jobs)) };
 */
export function createVideoHooks(jobs: JobSender): SyncHooks {
  return {
    appointmentChanged: async (tx, appointment) => {
      if (await concernsMeetings(tx, appointment)) {
        await enqueueVideoMeeting(jobs, { appointmentId: appointment.id }, tx);
      }
    },
  };
}

/**
 * Several hooks as one, called in order in the same transaction.
 *
 * @example
 * const sync = composeHooks(createSyncHooks(jobs), createVideoHooks(jobs));
 */
export function composeHooks(...hooks: readonly SyncHooks[]): SyncHooks {
  return {
    appointmentChanged: async (tx, appointment, kind) => {
      for (const hook of hooks) await hook.appointmentChanged(tx, appointment, kind);
    },
  };
}

import type { Db } from '../db/connect.js';
import { enqueuePushTo } from '../jobs/queues.js';
import type { JobSender } from '../jobs/sender.js';
import type { AppointmentRow } from '../store/appointments.js';

/**
 * Connections an appointment is written to: every live, exporting connection of its user that
 * already links it, plus — for host-owned appointments — every one with a destination calendar.
 * Imported appointments are not copied into the user's other calendars (availability covers
 * that); they only go back to where they are linked. An override (one changed instance) goes
 * wherever its series is, whichever calendar it was changed in.
 */
export async function pushTargets(
  db: Db,
  appointment: Pick<AppointmentRow, 'id' | 'user_id' | 'source' | 'series_id'>,
): Promise<string[]> {
  const rows = await db<{ id: string }[]>`
    select c.id from connections c
    where c.user_id = ${appointment.user_id} and c.status <> 'disconnected'
      and c.sync_direction <> 'import_only'
      and (exists (select 1 from event_links l
                   where l.appointment_id = ${appointment.id} and l.connection_id = c.id)
           or exists (select 1 from event_links l
                      where l.appointment_id = ${appointment.series_id} and l.connection_id = c.id)
           or (${appointment.source === 'host'}
               and exists (select 1 from calendars k where k.connection_id = c.id and k.destination)))
    order by c.created_at, c.id`;
  return rows.map((r) => r.id);
}

/**
 * Enqueues the push of an appointment to every connection it goes to, in the caller's
 * transaction (the write and its pushes commit together). Pushes coalesce per (appointment,
 * connection) and always read the newest state, so calling this on every change is cheap.
 *
 * @example
 * await sql.begin(async (tx) => {
 *   const row = await updateAppointmentContent(tx, …);
 *   await enqueuePush(ctx.jobs, tx, row);
 * });
 */
export async function enqueuePush(
  jobs: JobSender,
  tx: Db,
  appointment: Pick<AppointmentRow, 'id' | 'user_id' | 'source' | 'series_id'>,
  options: { exceptConnectionId?: string } = {},
): Promise<number> {
  let sent = 0;
  for (const connectionId of await pushTargets(tx, appointment)) {
    if (connectionId === options.exceptConnectionId) continue;
    await enqueuePushTo(jobs, { appointmentId: appointment.id, connectionId }, tx);
    sent++;
  }
  return sent;
}

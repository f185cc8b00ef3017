import type { RemoteChange } from '@calsync/core';
import type { Tx } from '../db/connect.js';
import { findAppointment, type AppointmentRow } from '../store/appointments.js';
import type { ConnectionRow } from '../store/connections.js';
import { isAppointmentStamp } from './appointment-stamp.js';

/**
 * The deleted appointment an event we deleted stands for again: an event no link names, carrying
 * our stamp and the iCalendar UID of an appointment of this user that is deleted. A CalDAV client
 * that read the event before our DELETE and saved its edit after it (a PUT without `If-Match`)
 * brings the event back under its old name. That is the user's edit racing our deletion — a
 * conflict settled by policy on the deleted appointment — not a new event of theirs.
 */
export async function findResurrectedAppointment(
  tx: Tx,
  connection: ConnectionRow,
  change: RemoteChange,
): Promise<AppointmentRow | undefined> {
  if (change.kind !== 'upsert' || change.event.originalStart) return undefined;
  const { calsyncAppointmentId: stamp, iCalUID } = change.event;
  if (!isAppointmentStamp(stamp) || !iCalUID) return undefined;
  const appointment = await findAppointment(tx, connection.tenant_id, stamp);
  if (!appointment?.deleted_at || appointment.series_id) return undefined;
  if (appointment.user_id !== connection.user_id || appointment.uid !== iCalUID) return undefined;
  return appointment;
}

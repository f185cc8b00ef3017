import type { MeetingLink } from '@calsync/core';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import {
  rowContent,
  updateAppointmentContent,
  type AppointmentRow,
} from '../store/appointments.js';
import { appendChange } from '../store/changes.js';

/**
 * Sets (or clears) the meeting link of an appointment: a new version, `appointment.updated` in
 * the change feed and — unless `silent` — the sync hooks, so every connected calendar gets the
 * link through the normal push. `silent` is for a Meet/Teams request the caller pushes itself.
 */
export async function writeMeetingLink(
  ctx: ServerContext,
  tx: Tx,
  appointment: AppointmentRow,
  meeting: MeetingLink | null,
  options: { silent?: boolean } = {},
): Promise<AppointmentRow> {
  const row = (await updateAppointmentContent(tx, {
    id: appointment.id,
    content: { ...rowContent(appointment), meeting },
    now: ctx.now(),
  }))!;
  if (options.silent) return row;
  const [user] = await tx<{ external_id: string }[]>`
    select external_id from users where id = ${row.user_id}`;
  await appendChange(tx, {
    tenantId: row.tenant_id,
    userId: row.user_id,
    type: 'appointment.updated',
    data: {
      id: row.id,
      host_ref: row.host_ref,
      user_id: user?.external_id ?? null,
      version: row.version,
    },
  });
  await ctx.sync.appointmentChanged(tx, row, 'updated');
  return row;
}

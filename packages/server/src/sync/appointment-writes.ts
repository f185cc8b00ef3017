import { normalizeContent, type Appointment, type CalendarProvider } from '@calsync/core';
import type { Db } from '../db/connect.js';
import {
  findAppointment,
  insertAppointment,
  softDeleteAppointment,
  updateAppointmentContent,
  type AppointmentRow,
  type NewAppointment,
} from '../store/appointments.js';

/** What a reconcile step did to the appointment row. */
export type AppointmentWrite = 'created' | 'updated' | 'deleted' | 'restored' | 'none';

/** The row a reconcile step's new appointment is stored as. */
export function newAppointmentOf(input: {
  tenantId: string;
  userId: string;
  provider: CalendarProvider;
  after: Appointment;
  now: Date;
}): NewAppointment & { id: string } {
  const { after } = input;
  const content = normalizeContent(after);
  return {
    id: after.id,
    tenantId: input.tenantId,
    userId: input.userId,
    uid: after.uid,
    hostRef: null,
    source: after.source,
    syncSource: input.provider,
    locationType: content.meeting ? 'virtual' : 'in_person',
    content,
    seriesId: after.seriesAppointmentId,
    originalStart: after.originalStart,
    extraProperties: after.extraProperties,
    now: input.now,
  };
}

/**
 * Persists the appointment a reconcile step returned, against the row as it was (`before`,
 * locked by the caller). Imported appointments carry the provider as `source` and `sync_source`.
 */
export async function writeReconciledAppointment(
  db: Db,
  input: {
    tenantId: string;
    userId: string;
    provider: CalendarProvider;
    before: AppointmentRow | null;
    after: Appointment;
    now: Date;
  },
): Promise<{ row: AppointmentRow; write: AppointmentWrite }> {
  const { before, after, now } = input;
  if (!before) {
    const row = await insertAppointment(db, newAppointmentOf({ ...input, after }));
    return { row, write: 'created' };
  }
  const content = normalizeContent(after);
  if (after.deletedAt && !before.deleted_at) {
    const row = (await softDeleteAppointment(db, before.id, now))!;
    return { row, write: 'deleted' };
  }
  const row = (await updateAppointmentContent(db, { id: before.id, content, now }))!;
  if (!after.deletedAt && before.deleted_at) {
    await db`update appointments set deleted_at = null where id = ${before.id}`;
    return { row: (await findAppointment(db, input.tenantId, before.id))!, write: 'restored' };
  }
  return { row, write: 'updated' };
}

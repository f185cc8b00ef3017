import { originalStartKey, type RemoteChange } from '@calsync/core';
import type { Tx } from '../db/connect.js';
import { listOverridesOfLinkedSeries, type AppointmentRow } from '../store/appointments.js';
import type { CalendarRow } from '../store/calendars.js';
import { listLinksOfAppointment, type EventLinkRow } from '../store/event-links.js';

/** The appointment already standing for an instance's slot, and its link in the calendar if any. */
export interface SlotOwner {
  readonly appointment: AppointmentRow;
  readonly link: EventLinkRow | undefined;
}

/**
 * The override appointment that already holds the slot of an instance no link of this calendar
 * names: one made through another calendar whose write here is not linked yet, or one whose link
 * here our own delete removed while the provider still lists the cancelled instance. One slot has
 * one appointment: the change applies to it. A second one would be written here to the same
 * provider instance (Google and Graph name instances after their series and slot) and collide
 * with the first.
 */
export async function findSlotOwner(
  tx: Tx,
  calendar: CalendarRow,
  change: RemoteChange,
): Promise<SlotOwner | undefined> {
  const [seriesExternalId, originalStart] =
    change.kind === 'upsert'
      ? [change.event.seriesExternalId, change.event.originalStart]
      : [change.seriesExternalId, change.originalStart];
  if (!seriesExternalId || !originalStart) return undefined;
  const key = originalStartKey(originalStart);
  const overrides = await listOverridesOfLinkedSeries(tx, calendar.id, seriesExternalId);
  const appointment = overrides.find(
    (o) => o.original_start && originalStartKey(o.original_start) === key,
  );
  if (!appointment) return undefined;
  const links = await listLinksOfAppointment(tx, appointment.id);
  return { appointment, link: links.find((l) => l.calendar_id === calendar.id) };
}

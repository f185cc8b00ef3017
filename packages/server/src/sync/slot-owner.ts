import {
  applyPrivacy,
  normalizeContent,
  originalStartKey,
  type EventLink,
  type PrivacyLevel,
  type RemoteChange,
} from '@calsync/core';
import type { Tx } from '../db/connect.js';
import {
  listOverridesOfLinkedSeries,
  rowContent,
  type AppointmentRow,
} from '../store/appointments.js';
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

/**
 * The link a slot owner gets in this calendar: its base is what the appointment holds now (as
 * written at the connection's privacy), so what the calendar shows differently is the calendar's
 * edit — or, for a removal of an appointment already deleted, both sides agree.
 */
export function slotOwnerLink(
  owner: AppointmentRow,
  calendar: CalendarRow,
  change: RemoteChange,
  privacy: PrivacyLevel,
): EventLink {
  const event = change.kind === 'upsert' ? change.event : null;
  const removal = change.kind === 'removed' ? change : null;
  return {
    appointmentId: owner.id,
    connectionId: calendar.connection_id,
    calendarId: calendar.provider_calendar_id,
    externalEventId: event?.externalId ?? removal?.externalId ?? '',
    iCalUID: event?.iCalUID ?? null,
    seriesExternalId: event?.seriesExternalId ?? removal?.seriesExternalId ?? null,
    originalStart: event?.originalStart ?? removal?.originalStart ?? null,
    etag: event?.etag ?? null,
    base: normalizeContent(applyPrivacy(rowContent(owner), privacy)),
    remoteUpdatedAt: null,
    state: 'synced',
    idempotencyKey: null,
  };
}

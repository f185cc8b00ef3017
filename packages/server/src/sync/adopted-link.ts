import {
  applyPrivacy,
  normalizeContent,
  type EventLink,
  type PrivacyLevel,
  type RemoteChange,
} from '@calsync/core';
import { rowContent, type AppointmentRow } from '../store/appointments.js';
import type { CalendarRow } from '../store/calendars.js';

/**
 * The link an appointment gets in this calendar when a change no link names turns out to be its
 * (see slot-owner.ts, resurrected-event.ts): its base is what the appointment holds now (as
 * written at the connection's privacy), so what the calendar shows differently is the calendar's
 * edit — or, for a removal of an appointment already deleted, both sides agree.
 */
export function adoptedLink(
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

import {
  applyPrivacy,
  expandSeries,
  normalizeContent,
  originalStartKey,
  type EventContent,
  type OriginalStart,
  type WriteResult,
} from '@calsync/core';
import type { Tx } from '../db/connect.js';
import type { ProviderSession } from '../providers/session.js';
import {
  findAppointment,
  lockAppointment,
  rowContent,
  type AppointmentRow,
} from '../store/appointments.js';
import type { CalendarRow } from '../store/calendars.js';
import { findLink, saveLink, toEventLink } from '../store/event-links.js';
import { applySingleChange } from './apply-single.js';
import type { SyncRuntime } from './runtime.js';

const DAY_MS = 86_400_000;

/**
 * Whether an override create found the instance already changed in the calendar by someone else
 * (moved there before our write reached it) and left it as it was: the copy it returns is not
 * ours (another appointment's stamp, or none).
 */
export function isForeignOverride(written: WriteResult, appointmentId: string): boolean {
  return written.reused && written.event.calsyncAppointmentId !== appointmentId;
}

/**
 * An instance changed in the calendar before our override of it arrived: reconciled as a pull
 * would reconcile it, against the instance as the series makes it (what both sides last agreed
 * on). A field changed on one side only comes from that side; a field changed on both is a
 * recorded conflict settled by the connection's policy, and the winner is pushed where needed.
 * Without that base (a slot the series no longer has), the calendar's copy counts as agreed and
 * our override is written over it. Returns the decision taken.
 */
export async function applyForeignOverride(
  rt: SyncRuntime,
  input: {
    session: ProviderSession;
    linkId: string;
    calendar: CalendarRow;
    appointmentId: string;
    written: WriteResult;
    attemptId: string;
    correlationId: string;
  },
): Promise<string> {
  const { ctx } = rt;
  const { connection } = input.session;
  const event = input.written.event;
  return ctx.sql.begin(async (tx) => {
    const appointment = await lockAppointment(tx, input.appointmentId);
    const link = await findLink(tx, input.linkId);
    if (!appointment || !link) return 'none';
    const base = await plainInstance(tx, appointment);
    await saveLink(
      tx,
      link.id,
      {
        ...toEventLink(link, input.calendar.provider_calendar_id),
        externalEventId: event.externalId,
        iCalUID: event.iCalUID ?? link.ical_uid,
        etag: null,
        base:
          base &&
          normalizeContent(
            appointment.source === 'host' ? applyPrivacy(base, connection.privacy_level) : base,
          ),
        remoteUpdatedAt: null,
        state: 'synced',
      },
      { now: ctx.now() },
    );
    return applySingleChange(rt, tx, input, { kind: 'upsert', event });
  });
}

/** The instance of an override's slot as its series makes it, or null if the series has none. */
async function plainInstance(tx: Tx, override: AppointmentRow): Promise<EventContent | null> {
  if (!override.series_id || !override.original_start) return null;
  const series = await findAppointment(tx, override.tenant_id, override.series_id);
  const content = series && rowContent(series);
  if (!content?.recurrence) return null;
  const at = slotMs(override.original_start);
  const key = originalStartKey(override.original_start);
  const occurrence = expandSeries({
    time: content.time,
    recurrence: content.recurrence,
    window: {
      startsAtUTC: new Date(at - 2 * DAY_MS).toISOString(),
      endsAtUTC: new Date(at + 2 * DAY_MS).toISOString(),
    },
  }).occurrences.find((o) => originalStartKey(o.originalStart) === key);
  return occurrence ? { ...content, recurrence: null, time: occurrence.time } : null;
}

function slotMs(slot: OriginalStart): number {
  if (slot.kind === 'instant') return Date.parse(slot.atUTC);
  return Date.parse(slot.kind === 'date' ? `${slot.date}T00:00:00Z` : `${slot.atLocal}Z`);
}

import {
  applyPrivacy,
  contentEqual,
  normalizeContent,
  originalStartKey,
  planRecurrence,
  syncWindowRange,
  type EventContent,
  type InstantRange,
  type OriginalStart,
  type ProviderRecurrencePlan,
} from '@calsync/core';
import type { Tx } from '../db/connect.js';
import { findAppointment, listSeriesOverrides, rowContent } from '../store/appointments.js';
import type { AppointmentRow } from '../store/appointments.js';
import type { ApprovalAction } from '../store/approvals.js';
import { findCalendar, findDestinationCalendar, type CalendarRow } from '../store/calendars.js';
import type { ConnectionRow } from '../store/connections.js';
import {
  findLinkOfAppointment,
  insertLink,
  listInstanceLinks,
  setLinkState,
  type EventLinkRow,
} from '../store/event-links.js';
import type { SyncRuntime } from './runtime.js';

/** One provider write of a series written as single instances. */
export interface InstanceWrite {
  readonly action: 'create' | 'update' | 'delete' | 'delete_unconfirmed';
  readonly link: EventLinkRow;
  /** The provider's id of the link's calendar. */
  readonly calendarId: string;
  /** What goes out: the instance (create, update), or what finds an unconfirmed create. */
  readonly content: EventContent;
}

/** The writes that bring a connection's copy of a series to its newest state, instance by instance. */
export interface InstancesPlan {
  readonly writes: readonly InstanceWrite[];
  /** What an approval would be asked for. */
  readonly approvalAction: ApprovalAction;
  /**
   * The series is no longer written as instances (deleted, no longer recurring, or expressible
   * again): once the instances are gone, a push of the series runs the ordinary way.
   */
  readonly pushAgain: boolean;
  /** Instances to create once the writes are approved: links are stored just before. */
  readonly creates: readonly PlannedInstance[];
  readonly calendar: CalendarRow | null;
}

/** An instance as it should be on the provider. */
export interface PlannedInstance {
  readonly originalStart: OriginalStart;
  readonly content: EventContent;
}

const DAY_MS = 86_400_000;

/** The instant an original start stands for (dates and floating times read as UTC). */
function originalStartMs(originalStart: OriginalStart): number {
  switch (originalStart.kind) {
    case 'instant':
      return Date.parse(originalStart.atUTC);
    case 'date':
      return Date.parse(`${originalStart.date}T00:00:00.000Z`);
    case 'floating':
      return Date.parse(`${originalStart.atLocal}Z`);
  }
}

/** Whether an instance's original start lies in the window (a day's slack for dates and floating times). */
function inWindow(originalStart: OriginalStart, window: InstantRange): boolean {
  const at = originalStartMs(originalStart);
  const slack = originalStart.kind === 'instant' ? 0 : DAY_MS;
  return at >= Date.parse(window.startsAtUTC) - slack && at < Date.parse(window.endsAtUTC) + slack;
}

/**
 * The iCalUID of one instance written as its own event: the series' UID with the instance's
 * original start, so each event is distinct on the provider and a full resync finds it again.
 */
export function instanceICalUID(seriesUid: string, originalStart: OriginalStart): string {
  return `${originalStartKey(originalStart).replace(/[^0-9A-Za-z]/g, '')}-${seriesUid}`;
}

/** Whether the series' rule, as it goes to this connection, has to be written as instances. */
function writtenAsInstances(
  connection: ConnectionRow,
  content: EventContent,
  window: InstantRange,
): Extract<ProviderRecurrencePlan, { kind: 'single_instances' }> | null {
  if (!content.recurrence || content.recurrence.lines.length === 0) return null;
  const plan = planRecurrence(connection.provider, content.time, content.recurrence, window);
  return plan.kind === 'single_instances' ? plan : null;
}

/** The series' content at the connection's privacy level. */
function outgoingContent(connection: ConnectionRow, row: AppointmentRow): EventContent {
  const privacy = row.source === 'host' ? connection.privacy_level : 'full';
  return normalizeContent(applyPrivacy(rowContent(row), privacy));
}

/**
 * Whether the series of an override is written to this connection as single instances (its
 * push then writes the override as the instance it replaces).
 */
export async function seriesWrittenAsInstances(
  rt: SyncRuntime,
  tx: Tx,
  connection: ConnectionRow,
  seriesId: string,
): Promise<boolean> {
  const series = await findAppointment(tx, connection.tenant_id, seriesId);
  if (!series || series.deleted_at) return false;
  const window = syncWindowRange(rt.ctx.now(), rt.options.window);
  return writtenAsInstances(connection, outgoingContent(connection, series), window) !== null;
}

/**
 * Plans a series the provider cannot express (core's `planRecurrence` says `single_instances`):
 * each instance in the sync window is its own event, with its own link (the series' appointment,
 * the instance's original start, no provider series id). Instances whose content changed are
 * updated, instances that left the series (inside the window) are deleted, new ones created; an
 * override of the series (moved, edited, cancelled instance) replaces the instance it stands
 * for. A copy of the series written natively before is deleted first. Returns null when the
 * series is written the ordinary way and no instances are left over.
 */
export async function planSeriesInstances(
  rt: SyncRuntime,
  tx: Tx,
  input: { connection: ConnectionRow; appointment: AppointmentRow; content: EventContent },
): Promise<InstancesPlan | null> {
  const { connection, appointment, content } = input;
  const now = rt.ctx.now();
  const window = syncWindowRange(now, rt.options.window);
  const existing = await listInstanceLinks(tx, appointment.id, connection.id);
  const recurrencePlan = appointment.deleted_at
    ? null
    : writtenAsInstances(connection, content, window);
  if (!recurrencePlan && existing.length === 0) return null;

  const calendars = new Map<string, CalendarRow>();
  const calendarOf = async (id: string): Promise<CalendarRow> => {
    const known = calendars.get(id) ?? (await findCalendar(tx, id))!;
    calendars.set(id, known);
    return known;
  };
  const writes: InstanceWrite[] = [];
  const remove = async (link: EventLinkRow, found: EventContent) => {
    writes.push({
      action: link.state === 'pending_create' ? 'delete_unconfirmed' : 'delete',
      link,
      calendarId: (await calendarOf(link.calendar_id)).provider_calendar_id,
      content: found,
    });
  };
  const single = normalizeContent({ ...content, recurrence: null });

  if (!recurrencePlan) {
    for (const link of existing) await remove(link, single);
    return {
      writes,
      approvalAction: 'delete',
      pushAgain: !appointment.deleted_at,
      creates: [],
      calendar: null,
    };
  }

  // Where the instances go: where they already are, where the series was, or the destination.
  const native = await findLinkOfAppointment(tx, appointment.id, connection.id);
  const calendar = existing[0]
    ? await calendarOf(existing[0].calendar_id)
    : native
      ? await calendarOf(native.calendar_id)
      : appointment.source === 'host'
        ? await findDestinationCalendar(tx, connection.id)
        : undefined;
  if (!calendar)
    return { writes, approvalAction: 'create', pushAgain: false, creates: [], calendar: null };
  if (native && native.state !== 'external_removed') await remove(native, single);

  const overrides = new Map(
    (await listSeriesOverrides(tx, appointment.id))
      .filter((o) => o.original_start)
      .map((o) => [originalStartKey(o.original_start!), o]),
  );
  const wanted = new Map<string, PlannedInstance>();
  for (const occurrence of recurrencePlan.instances) {
    const key = originalStartKey(occurrence.originalStart);
    const override = overrides.get(key);
    if (override && (override.deleted_at || override.status === 'cancelled')) continue;
    const instance = override
      ? { ...outgoingContent(connection, override), recurrence: null }
      : { ...single, time: occurrence.time };
    wanted.set(key, {
      originalStart: occurrence.originalStart,
      content: normalizeContent(instance),
    });
  }

  for (const link of existing) {
    const key = originalStartKey(link.original_start!);
    const instance = wanted.get(key);
    wanted.delete(key);
    // Removed in the provider's calendar: the user's choice stands, as for any removed event.
    if (link.state === 'external_removed') continue;
    if (!instance) {
      // Left the series. Instances before the window stay as they were (they happened).
      if (inWindow(link.original_start!, window)) await remove(link, single);
      continue;
    }
    const calendarId = (await calendarOf(link.calendar_id)).provider_calendar_id;
    if (link.state === 'pending_create') {
      writes.push({ action: 'create', link, calendarId, content: instance.content });
    } else if (link.base_snapshot && contentEqual(instance.content, link.base_snapshot)) {
      if (link.state === 'pending_update') await setLinkState(tx, link.id, 'synced', now);
    } else {
      writes.push({ action: 'update', link, calendarId, content: instance.content });
    }
  }
  return {
    writes,
    approvalAction: existing.length === 0 ? 'create' : 'update',
    pushAgain: false,
    creates: [...wanted.values()],
    calendar,
  };
}

/**
 * Stores the links of new instances as `pending_create` with fresh idempotency keys, before any
 * provider call (a retry after a crash repeats the same creates), and returns their writes.
 */
export async function storeInstanceCreates(
  rt: SyncRuntime,
  tx: Tx,
  input: {
    connection: ConnectionRow;
    appointment: AppointmentRow;
    calendar: CalendarRow;
    creates: readonly PlannedInstance[];
  },
): Promise<InstanceWrite[]> {
  const { connection, appointment, calendar } = input;
  const writes: InstanceWrite[] = [];
  for (const instance of input.creates) {
    const key = rt.newId();
    const link = await insertLink(tx, {
      tenantId: connection.tenant_id,
      calendarId: calendar.id,
      link: {
        appointmentId: appointment.id,
        connectionId: connection.id,
        calendarId: calendar.provider_calendar_id,
        externalEventId: key,
        iCalUID: instanceICalUID(appointment.uid, instance.originalStart),
        seriesExternalId: null,
        originalStart: instance.originalStart,
        etag: null,
        base: null,
        remoteUpdatedAt: null,
        state: 'pending_create',
        idempotencyKey: key,
      },
      baseVersion: appointment.version,
      now: rt.ctx.now(),
    });
    writes.push({
      action: 'create',
      link,
      calendarId: calendar.provider_calendar_id,
      content: instance.content,
    });
  }
  return writes;
}

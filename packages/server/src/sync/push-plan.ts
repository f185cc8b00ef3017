import {
  applyPrivacy,
  contentEqual,
  normalizeContent,
  TransientProviderError,
  type EventContent,
  type OriginalStart,
} from '@calsync/core';
import type { Tx } from '../db/connect.js';
import { findAppointment, lockAppointment, rowContent } from '../store/appointments.js';
import { findApproval, holdForApproval, type ApprovalAction } from '../store/approvals.js';
import { findCalendar, findDestinationCalendar, type CalendarRow } from '../store/calendars.js';
import type { ConnectionRow } from '../store/connections.js';
import {
  findLinkOfAppointment,
  insertLink,
  saveLink,
  setLinkState,
  toEventLink,
  type EventLinkRow,
} from '../store/event-links.js';
import { enqueuePushTo } from '../jobs/queues.js';
import {
  planSeriesInstances,
  seriesWrittenAsInstances,
  storeInstanceCreates,
  type InstanceWrite,
} from './push-instances.js';
import type { SyncRuntime } from './runtime.js';
import {
  dropsStickyOnlineMeeting,
  replacedEventOf,
  replacementKey,
} from '../video/sticky-online-meeting.js';

/**
 * The provider write a push makes. `delete_unconfirmed`: a create may have happened; find it,
 * then delete. `recreate`: create the event anew under the link's key, then delete the event it
 * replaces (a Teams meeting the provider will not take off, see `sticky-online-meeting.ts`).
 */
export type PushAction = 'create' | 'update' | 'delete' | 'delete_unconfirmed' | 'recreate';

/** What a push decided, under the appointment's row lock. */
export type PushPlan =
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'held'; readonly approvalId: string }
  | {
      readonly kind: 'write';
      readonly action: PushAction;
      readonly link: EventLinkRow;
      readonly calendar: CalendarRow;
      readonly content: EventContent;
      readonly appointmentVersion: number;
      readonly uid: string;
      readonly series: {
        readonly externalId: string;
        readonly originalStart: OriginalStart;
      } | null;
    }
  | {
      /** A series the provider cannot express, written instance by instance. */
      readonly kind: 'instances';
      readonly writes: readonly InstanceWrite[];
      readonly appointmentVersion: number;
      /** Push the series again afterwards (it is written the ordinary way from now on). */
      readonly pushAgain: boolean;
    };

const APPROVAL_ACTION: { readonly [A in PushAction]: ApprovalAction } = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  delete_unconfirmed: 'delete',
  recreate: 'update',
};

/**
 * Decides the push of one appointment to one connection from the newest state (locked), so a
 * reordered or repeated job can never write stale data. For a create, the link is stored as
 * `pending_create` with its idempotency key here — before any provider call — so a retry after
 * a crash repeats the same create and the provider hands back the same event.
 */
export async function planPush(
  rt: SyncRuntime,
  tx: Tx,
  input: { connection: ConnectionRow; appointmentId: string; approvalId: string | null },
): Promise<PushPlan> {
  const { connection } = input;
  const now = rt.ctx.now();
  const appointment = await lockAppointment(tx, input.appointmentId);
  if (!appointment) return { kind: 'none', reason: 'appointment is gone' };
  if (connection.sync_direction === 'import_only') return { kind: 'none', reason: 'import only' };
  let link = await findLinkOfAppointment(tx, appointment.id, connection.id);
  // An override is written as its series is: a changed instance of a host series keeps the
  // connection's privacy level wherever the change came from.
  const owner = appointment.series_id
    ? ((await findAppointment(tx, appointment.tenant_id, appointment.series_id)) ?? appointment)
    : appointment;
  const privacy = owner.source === 'host' ? connection.privacy_level : 'full';
  const content = normalizeContent(applyPrivacy(rowContent(appointment), privacy));
  if (appointment.series_id) {
    if (await seriesWrittenAsInstances(rt, tx, connection, appointment.series_id)) {
      // The series' push writes this override as the instance it replaces.
      await enqueuePushTo(
        rt.ctx.jobs,
        { appointmentId: appointment.series_id, connectionId: connection.id },
        tx,
      );
      return { kind: 'none', reason: 'written with its series as single instances' };
    }
  } else {
    const instances = await planSeriesInstances(rt, tx, { connection, appointment, content });
    if (instances) {
      if (instances.writes.length === 0 && instances.creates.length === 0) {
        return { kind: 'none', reason: 'in sync' };
      }
      if (
        connection.require_approval &&
        !(await approved(tx, input.approvalId, appointment.version))
      ) {
        const approval = await holdForApproval(tx, {
          tenantId: connection.tenant_id,
          connectionId: connection.id,
          appointmentId: appointment.id,
          action: instances.approvalAction,
          snapshot: { version: appointment.version, content },
          now,
          ttlMs: rt.options.approvalTtlMs,
        });
        return { kind: 'held', approvalId: approval.id };
      }
      const creates = instances.calendar
        ? await storeInstanceCreates(rt, tx, {
            connection,
            appointment,
            calendar: instances.calendar,
            creates: instances.creates,
          })
        : [];
      return {
        kind: 'instances',
        writes: [...instances.writes, ...creates],
        appointmentVersion: appointment.version,
        pushAgain: instances.pushAgain,
      };
    }
  }

  let action: PushAction;
  let destination: CalendarRow | undefined;
  if (appointment.deleted_at) {
    if (!link || link.state === 'external_removed')
      return { kind: 'none', reason: 'nothing to delete' };
    action = link.state === 'pending_create' ? 'delete_unconfirmed' : 'delete';
  } else if (link?.state === 'external_removed') {
    return { kind: 'none', reason: 'removed externally; the policy keeps it' };
  } else if (!link) {
    const seriesLink = appointment.series_id
      ? await findLinkOfAppointment(tx, appointment.series_id, connection.id)
      : null;
    // An instance goes where its series is (an override pulled from one calendar included);
    // anything else imported stays where it came from.
    if (owner.source !== 'host' && !seriesLink) {
      return { kind: 'none', reason: 'imported from elsewhere' };
    }
    destination = seriesLink
      ? await findCalendar(tx, seriesLink.calendar_id)
      : await findDestinationCalendar(tx, connection.id);
    if (!destination) return { kind: 'none', reason: 'no destination calendar' };
    action = 'create';
  } else if (link.state === 'pending_create') {
    action = replacedEventOf(link) ? 'recreate' : 'create';
  } else if (link.base_snapshot && contentEqual(content, link.base_snapshot)) {
    if (link.state === 'pending_update') await setLinkState(tx, link.id, 'synced', now);
    return { kind: 'none', reason: 'in sync' };
  } else if (dropsStickyOnlineMeeting(connection.provider, link, content)) {
    action = 'recreate';
  } else {
    action = 'update';
  }

  if (connection.require_approval && !(await approved(tx, input.approvalId, appointment.version))) {
    const approval = await holdForApproval(tx, {
      tenantId: connection.tenant_id,
      connectionId: connection.id,
      appointmentId: appointment.id,
      action: APPROVAL_ACTION[action],
      snapshot: { version: appointment.version, content },
      now,
      ttlMs: rt.options.approvalTtlMs,
    });
    return { kind: 'held', approvalId: approval.id };
  }

  let series: { externalId: string; originalStart: OriginalStart } | null = null;
  if (action === 'create' && appointment.series_id && appointment.original_start) {
    const seriesLink = await findLinkOfAppointment(tx, appointment.series_id, connection.id);
    if (!seriesLink || seriesLink.state === 'pending_create') {
      // The series itself is not on the provider yet; its own push comes first.
      throw new TransientProviderError('the series of this instance is not created yet');
    }
    series = {
      externalId: seriesLink.external_event_id,
      originalStart: appointment.original_start,
    };
  }
  if (action === 'create') {
    if (!link) {
      const key = rt.newId();
      link = await insertLink(tx, {
        tenantId: connection.tenant_id,
        calendarId: destination!.id,
        link: {
          appointmentId: appointment.id,
          connectionId: connection.id,
          calendarId: destination!.provider_calendar_id,
          externalEventId: key,
          iCalUID: appointment.uid,
          seriesExternalId: series?.externalId ?? null,
          originalStart: appointment.original_start,
          etag: null,
          base: null,
          remoteUpdatedAt: null,
          state: 'pending_create',
          idempotencyKey: key,
        },
        baseVersion: appointment.version,
        now,
      });
    } else if (!link.idempotency_key || link.external_event_id !== link.idempotency_key) {
      // A recreate (the event was deleted remotely): never reuse the old key or id.
      link = await relinkForCreate(tx, link, rt.newId(), now);
    }
  } else if (action === 'recreate' && link!.state !== 'pending_create') {
    // Stored before any call: the new key (so the create is idempotent) and the event it replaces.
    const key = rt.newId();
    link = await relinkForCreate(tx, link!, key, now, replacementKey(key, link!.external_event_id));
  }
  const calendar = destination ?? (await findCalendar(tx, link!.calendar_id))!;
  return {
    kind: 'write',
    action,
    link: link!,
    calendar,
    content,
    appointmentVersion: appointment.version,
    uid: appointment.uid,
    series,
  };
}

/**
 * Turns a link into a fresh `pending_create`: a new idempotency key that also stands in for the
 * provider's id until the create returns (providers refuse to reuse the id of a deleted event).
 */
export async function relinkForCreate(
  tx: Tx,
  link: EventLinkRow,
  key: string,
  now: Date,
  idempotencyKey: string = key,
): Promise<EventLinkRow> {
  const calendar = (await findCalendar(tx, link.calendar_id))!;
  return saveLink(
    tx,
    link.id,
    {
      ...toEventLink(link, calendar.provider_calendar_id),
      externalEventId: key,
      idempotencyKey,
      etag: null,
      base: null,
      remoteUpdatedAt: null,
      state: 'pending_create',
    },
    { now },
  );
}

async function approved(tx: Tx, approvalId: string | null, version: number): Promise<boolean> {
  if (!approvalId) return false;
  const approval = await findApproval(tx, approvalId);
  return approval?.status === 'approved' && approval.snapshot.version === version;
}

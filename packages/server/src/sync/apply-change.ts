import {
  contentEqual,
  contentWithGraphExclusions,
  instantMs,
  normalizeContent,
  reconcile,
  type InstantRange,
  type ProviderCapabilities,
  type ReconcileDecision,
  type ReconcilePolicy,
  type ReconcileResult,
  type RemoteChange,
  type RemoteEvent,
} from '@calsync/core';
import type { Tx } from '../db/connect.js';
import { enqueuePushTo } from '../jobs/queues.js';
import {
  findAppointment,
  lockAppointment,
  toAppointment,
  type AppointmentRow,
} from '../store/appointments.js';
import type { CalendarRow } from '../store/calendars.js';
import { appendChange } from '../store/changes.js';
import { insertConflict } from '../store/conflicts.js';
import type { ConnectionRow } from '../store/connections.js';
import {
  findInstanceLinkByICalUID,
  findLink,
  findLinkByExternalId,
  findLinkByICalUID,
  findLinkOfAppointment,
  findPendingInstanceCreate,
  forgetRemovedLinks,
  insertLink,
  isInstanceLink,
  listInstanceLinks,
  saveLink,
  setLinkState,
  toEventLink,
  type EventLinkRow,
} from '../store/event-links.js';
import type { SyncEventType } from '../store/sync-events.js';
import type { ApplyBatch } from './apply-batch.js';
import {
  newAppointmentOf,
  writeReconciledAppointment,
  type AppointmentWrite,
} from './appointment-writes.js';
import { enqueuePush } from './enqueue-push.js';
import { isAppointmentStamp } from './appointment-stamp.js';
import type { SyncRuntime } from './runtime.js';
import { adoptedLink } from './adopted-link.js';
import { findResurrectedAppointment } from './resurrected-event.js';
import { findSlotOwner } from './slot-owner.js';
import { type ImportQuota, importQuotaMessage } from './import-quota.js';

/** Where a change is applied and under which attempt. */
export interface ApplyScope {
  readonly connection: ConnectionRow;
  /** What the provider's recurrence can hold (Graph: patterns, no exception dates). */
  readonly recurrence: ProviderCapabilities['recurrence'];
  /** What the changes of one transaction share (link keys, queued sync events). */
  readonly batch: ApplyBatch;
  readonly calendar: CalendarRow;
  readonly window: InstantRange;
  readonly attemptId: string;
  readonly correlationId: string;
  /** When the page holding the changes was asked for (pulls only). */
  readonly readAt?: Date;
  /** New imports the connection may still take (pulls only; absent: not limited). */
  readonly importQuota?: ImportQuota;
}

const EVENT_TYPE: { readonly [D in ReconcileDecision]: SyncEventType } = {
  create_internal: 'created',
  ignore_unknown_removal: 'skipped',
  ignore_import_disabled: 'skipped',
  ignore_stale_replay: 'skipped',
  noop_in_sync: 'unchanged',
  push_internal: 'unchanged',
  apply_remote: 'updated',
  merge_disjoint: 'updated',
  conflict_auto_resolved: 'conflict',
  remove_soft_delete: 'deleted',
  remove_mark_external_removed: 'deleted',
  remove_outside_window: 'skipped',
  conflict_edit_vs_remote_delete: 'conflict',
  conflict_delete_vs_remote_edit: 'conflict',
  both_deleted: 'unchanged',
  export_only_overwrite: 'unchanged',
};

const CHANGE_TYPE = {
  created: 'appointment.created',
  updated: 'appointment.updated',
  restored: 'appointment.updated',
  deleted: 'appointment.deleted',
} as const;

function externalIdOf(change: RemoteChange): string {
  return change.kind === 'upsert' ? change.event.externalId : change.externalId;
}

/**
 * The link of a remote item: by external id; else, for upserts, by iCalUID + original start (the
 * resync match), else by the appointment id we stamped on our own write (the echo of a create
 * whose answer was lost, on providers that assign their own iCalUID), or for an instance by its
 * series and slot (the echo of an override create still in flight).
 */
async function linkFor(
  tx: Tx,
  calendar: CalendarRow,
  change: RemoteChange,
): Promise<EventLinkRow | undefined> {
  const direct = await findLinkByExternalId(tx, calendar.id, externalIdOf(change));
  if (direct || change.kind !== 'upsert') return direct;
  const { event } = change;
  const byUID = event.iCalUID
    ? ((await findLinkByICalUID(tx, calendar.id, event.iCalUID, event.originalStart)) ??
      (event.originalStart
        ? undefined
        : await findInstanceLinkByICalUID(tx, calendar.id, event.iCalUID)))
    : undefined;
  if (!byUID && event.originalStart && event.seriesExternalId) {
    // The echo of an override create whose answer is not recorded yet.
    return findPendingInstanceCreate(tx, calendar.id, event.seriesExternalId, event.originalStart);
  }
  const stamp = event.calsyncAppointmentId;
  if (byUID || !isAppointmentStamp(stamp) || event.originalStart) return byUID;
  // Only a create still waiting for its answer: a copy of one of our events carries the stamp too.
  const stamped = await findLinkOfAppointment(tx, stamp, calendar.connection_id);
  return stamped?.calendar_id === calendar.id && stamped.state === 'pending_create'
    ? stamped
    : undefined;
}

function policyFor(
  connection: ConnectionRow,
  appointment: AppointmentRow | null,
  window: InstantRange,
): ReconcilePolicy {
  return {
    direction: connection.sync_direction,
    removal:
      connection.cancellation_policy === 'mark_removed' ? 'mark_external_removed' : 'soft_delete',
    // Host appointments go out at the connection's privacy level; imported ones are the
    // user's own events and compare in full.
    privacy: appointment?.source === 'host' ? connection.privacy_level : 'full',
    window,
  };
}

/**
 * Reconciles one remote change inside `tx`: appointment, link, conflict, sync event and change
 * feed are written (the sync event and the feed notification when the batch finishes), and the
 * push the step calls for is enqueued, all in the same transaction. Returns the decision taken.
 */
export async function applyRemoteChange(
  rt: SyncRuntime,
  tx: Tx,
  scope: ApplyScope,
  pulled: RemoteChange,
): Promise<ReconcileDecision> {
  const { connection, calendar } = scope;
  const now = rt.ctx.now();
  const seriesExternalId =
    pulled.kind === 'upsert' ? pulled.event.seriesExternalId : pulled.seriesExternalId;
  // An item that can match no link and belongs to no series needs no reads; any other item may
  // read or write rows the batch's queued creates are about to write, so those go first.
  const standalone = !seriesExternalId && !scope.batch.mayHaveLink(pulled);
  if (!standalone) await scope.batch.flushCreates();
  let found = standalone ? undefined : await linkFor(tx, calendar, pulled);
  // No link names it: an instance whose slot already has its appointment gets applied to that,
  // an event of ours brought back after we deleted it to its deleted appointment.
  const slotOwner = found || standalone ? undefined : await findSlotOwner(tx, calendar, pulled);
  found = found ?? slotOwner?.link;
  const unlinkedOwner =
    found || standalone
      ? undefined
      : (slotOwner?.appointment ?? (await findResurrectedAppointment(tx, connection, pulled)));
  const ownerId = found?.appointment_id ?? unlinkedOwner?.id;
  const before = ownerId ? ((await lockAppointment(tx, ownerId)) ?? null) : null;
  // Re-read after the lock: a push may have finished between the lookup and the lock.
  const linkRow = found ? await findLink(tx, found.id) : undefined;
  // A series read from Graph lists no exception dates: it keeps the ones last agreed on.
  const change: RemoteChange =
    pulled.kind === 'upsert' && scope.recurrence === 'graph_patterns' && linkRow?.base_snapshot
      ? {
          ...pulled,
          event: {
            ...pulled.event,
            content: contentWithGraphExclusions(pulled.event.content, linkRow.base_snapshot, {
              sameRuleOnly: true,
            }),
          },
        }
      : pulled;
  const policy = policyFor(connection, before, scope.window);
  const link = linkRow
    ? {
        ...toEventLink(linkRow, calendar.provider_calendar_id),
        // Matched by iCalUID or slot: the provider's id for it is the one in this change.
        externalEventId: externalIdOf(change),
      }
    : before && !found
      ? adoptedLink(before, calendar, change, policy.privacy)
      : null;
  if (linkRow && change.kind === 'upsert' && predatesOurWrite(scope, linkRow, change.event)) {
    recordInbound(scope, change, linkRow.appointment_id, 'skipped', now);
    return 'ignore_stale_replay';
  }
  if (linkRow && isInstanceLink(linkRow)) {
    return applyToInstance(rt, tx, scope, change, linkRow);
  }
  if (!link && change.kind === 'upsert' && (await awaitsInstanceCreate(tx, scope, change))) {
    // The echo of an instance create whose answer was lost: the push's retry finds it by key.
    recordInbound(scope, change, found?.appointment_id ?? null, 'skipped', now);
    return 'ignore_stale_replay';
  }
  const seriesLink = seriesExternalId
    ? await findLinkByExternalId(tx, calendar.id, seriesExternalId)
    : undefined;
  const seriesRow = seriesLink
    ? await findAppointment(tx, connection.tenant_id, seriesLink.appointment_id)
    : undefined;
  const result = reconcile({
    change,
    connectionId: connection.id,
    provider: connection.provider,
    link,
    appointment: before ? toAppointment(before) : null,
    seriesAppointment: seriesRow ? toAppointment(seriesRow) : null,
    policy,
    now: now.toISOString(),
    newAppointmentId: rt.newId,
  });
  if (
    result.decision === 'create_internal' &&
    !before &&
    scope.importQuota &&
    !(await scope.importQuota.take())
  ) {
    scope.batch.recordSyncEvent({
      tenantId: connection.tenant_id,
      connectionId: connection.id,
      attemptId: scope.attemptId,
      appointmentId: null,
      externalEventId: externalIdOf(change),
      eventType: 'skipped',
      direction: 'inbound',
      status: 'fail',
      error: importQuotaMessage(scope.importQuota.limit),
      correlationId: scope.correlationId,
      now,
    });
    return 'ignore_import_disabled';
  }
  if (standalone && result.decision === 'create_internal' && deferCreate(scope, result, now)) {
    recordInbound(scope, change, result.appointment?.id ?? null, EVENT_TYPE[result.decision], now);
    return result.decision;
  }
  if (standalone) await scope.batch.flushCreates();

  let appointment = before;
  let write: AppointmentWrite = 'none';
  if (result.appointment && result.appointmentChanged) {
    ({ row: appointment, write } = await writeReconciledAppointment(tx, {
      tenantId: connection.tenant_id,
      userId: connection.user_id,
      provider: connection.provider,
      before,
      after: result.appointment,
      now,
    }));
    if (before?.deleted_at && appointment && !appointment.deleted_at) {
      // Revived: back on the calendars it was removed from, not only on the one that revived it.
      await forgetRemovedLinks(tx, appointment.id, { connectionId: connection.id });
    }
  }
  let savedLink = linkRow;
  if (result.link) {
    savedLink = linkRow
      ? await saveLink(tx, linkRow.id, result.link, { now, pulledAt: now })
      : await insertLink(tx, {
          tenantId: connection.tenant_id,
          calendarId: calendar.id,
          link: result.link,
          baseVersion: appointment?.version ?? null,
          lastPulledAt: now,
          now,
        });
    if (savedLink) scope.batch.noteLink(savedLink.external_event_id, savedLink.ical_uid);
  }
  if (result.conflict) {
    const conflict = await insertConflict(tx, {
      tenantId: connection.tenant_id,
      connectionId: connection.id,
      linkId: savedLink?.id ?? null,
      record: result.conflict,
    });
    await appendChange(tx, {
      tenantId: connection.tenant_id,
      userId: connection.user_id,
      type: 'conflict.created',
      data: {
        id: conflict.id,
        integration_id: connection.id,
        appointment_id: conflict.appointment_id,
        fields: conflict.fields,
        conflict_reason: conflict.conflict_reason,
        auto_resolution: conflict.auto_resolution,
      },
    });
  }
  scope.batch.recordSyncEvent({
    tenantId: connection.tenant_id,
    connectionId: connection.id,
    attemptId: scope.attemptId,
    appointmentId: appointment?.id ?? null,
    externalEventId: externalIdOf(change),
    eventType: EVENT_TYPE[result.decision],
    direction: 'inbound',
    status: EVENT_TYPE[result.decision] === 'skipped' ? 'skipped' : 'success',
    correlationId: scope.correlationId,
    now,
  });
  if (appointment && write !== 'none') {
    await appendChange(
      tx,
      {
        tenantId: appointment.tenant_id,
        userId: appointment.user_id,
        type: CHANGE_TYPE[write],
        data: {
          id: appointment.id,
          host_ref: appointment.host_ref,
          version: appointment.version,
          integration_id: connection.id,
        },
      },
      { notify: false },
    );
    scope.batch.notifyTenant(appointment.tenant_id);
    // Other calendars holding this appointment follow the change. An appointment this item
    // just imported is linked here only, and imported ones are not copied elsewhere — except an
    // instance changed here of a series other calendars hold too.
    if (write !== 'created' || appointment.source === 'host' || appointment.series_id) {
      await enqueuePush(rt.ctx.jobs, tx, appointment, { exceptConnectionId: connection.id });
    }
  }
  if (appointment && result.push !== 'none') {
    await enqueuePushTo(
      rt.ctx.jobs,
      { appointmentId: appointment.id, connectionId: connection.id },
      tx,
    );
  }
  return result.decision;
}

/**
 * Whether a copy may be older than our own latest write to its event: its page was asked for
 * before that write was recorded, and it is neither the copy the write produced (same etag) nor
 * dated later. Core's stale-replay rule compares modification times only; a provider that keeps
 * them in whole seconds (CalDAV's LAST-MODIFIED) dates our write and the version it replaced
 * alike when both fall in one second, and that older copy, taken for a remote edit, would undo
 * our write here and on every other calendar. An edit made in the calendar after our write but
 * before its record, and dated no later, would be passed over too; that window is the write's own
 * round trip.
 */
function predatesOurWrite(scope: ApplyScope, link: EventLinkRow, event: RemoteEvent): boolean {
  return (
    scope.readAt !== undefined &&
    link.last_pushed_at !== null &&
    link.last_pushed_at > scope.readAt &&
    link.remote_updated_at !== null &&
    instantMs(event.updatedAt) <= link.remote_updated_at.getTime() &&
    event.etag !== link.etag
  );
}

/**
 * Queues a plain import — a new appointment and its link, no conflict, nothing to push — with the
 * batch's other creates. Returns false (nothing queued) for anything else.
 */
function deferCreate(scope: ApplyScope, result: ReconcileResult, now: Date): boolean {
  const { connection, calendar } = scope;
  const { appointment, link } = result;
  if (!appointment || !result.appointmentChanged || !link || result.conflict) return false;
  if (result.push !== 'none' || appointment.source === 'host') return false;
  scope.batch.deferCreate({
    appointment: newAppointmentOf({
      tenantId: connection.tenant_id,
      userId: connection.user_id,
      provider: connection.provider,
      after: appointment,
      now,
    }),
    link: { tenantId: connection.tenant_id, calendarId: calendar.id, link, lastPulledAt: now, now },
    connectionId: connection.id,
  });
  return true;
}

function recordInbound(
  scope: ApplyScope,
  change: RemoteChange,
  appointmentId: string | null,
  eventType: SyncEventType,
  now: Date,
): void {
  scope.batch.recordSyncEvent({
    tenantId: scope.connection.tenant_id,
    connectionId: scope.connection.id,
    attemptId: scope.attemptId,
    appointmentId,
    externalEventId: externalIdOf(change),
    eventType,
    direction: 'inbound',
    status: eventType === 'skipped' ? 'skipped' : 'success',
    correlationId: scope.correlationId,
    now,
  });
}

/** An unmatched item stamped with a series whose instance creates are still unanswered here. */
async function awaitsInstanceCreate(
  tx: Tx,
  scope: ApplyScope,
  change: Extract<RemoteChange, { kind: 'upsert' }>,
): Promise<boolean> {
  const stamp = change.event.calsyncAppointmentId;
  if (!isAppointmentStamp(stamp) || change.event.originalStart) return false;
  const links = await listInstanceLinks(tx, stamp, scope.connection.id);
  return links.some((l) => l.calendar_id === scope.calendar.id && l.state === 'pending_create');
}

/**
 * A change of one instance of a series written as single instances. The series stays the
 * authority: the instance's etag is kept current (so later writes are not refused), an edit
 * made in the calendar stays there until the series changes (a push of the series is enqueued;
 * it writes only what differs from the last written state), a deletion marks the instance
 * removed (not written again) and leaves the series alone.
 */
async function applyToInstance(
  rt: SyncRuntime,
  tx: Tx,
  scope: ApplyScope,
  change: RemoteChange,
  link: EventLinkRow,
): Promise<ReconcileDecision> {
  const now = rt.ctx.now();
  let decision: ReconcileDecision;
  if (change.kind === 'removed') {
    if (change.reason === 'left_window') {
      decision = 'remove_outside_window';
    } else {
      await setLinkState(tx, link.id, 'external_removed', now);
      decision = 'remove_mark_external_removed';
    }
  } else {
    const remote = normalizeContent(change.event.content);
    const answered = link.state === 'pending_create';
    const echo =
      answered || (link.base_snapshot !== null && contentEqual(remote, link.base_snapshot));
    await saveLink(
      tx,
      link.id,
      {
        ...toEventLink(link, scope.calendar.provider_calendar_id),
        externalEventId: change.event.externalId,
        iCalUID: change.event.iCalUID ?? link.ical_uid,
        etag: change.event.etag,
        remoteUpdatedAt: change.event.updatedAt,
        base: answered ? remote : link.base_snapshot,
        state: answered || link.state === 'external_removed' ? 'synced' : link.state,
      },
      { now, pulledAt: now },
    );
    scope.batch.noteLink(change.event.externalId, change.event.iCalUID ?? link.ical_uid);
    if (echo) {
      decision = 'noop_in_sync';
    } else {
      await enqueuePushTo(
        rt.ctx.jobs,
        { appointmentId: link.appointment_id, connectionId: scope.connection.id },
        tx,
      );
      decision = 'push_internal';
    }
  }
  recordInbound(scope, change, link.appointment_id, EVENT_TYPE[decision], now);
  return decision;
}

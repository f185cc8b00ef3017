import type { Appointment } from '../model/appointment.js';
import { CONTENT_FIELDS, type ContentField, type EventContent } from '../model/event.js';
import type { EventLink } from '../model/link.js';
import { instantMs } from '../model/time.js';
import { PRIVACY_MASKED_FIELDS, applyPrivacy } from '../privacy.js';
import type { RemoteChange, RemoteEvent } from '../provider/remote.js';
import { contentEqual, fieldEqual, normalizeContent } from './equality.js';
import { type Side, threeWayMerge } from './merge.js';
import type {
  ConflictRecord,
  ReconcileDecision,
  ReconcileInput,
  ReconcileResult,
} from './types.js';

type Removal = Extract<RemoteChange, { kind: 'removed' }>;

/**
 * Reconciles one remote change against its link, base snapshot and appointment: the three-way,
 * field-by-field decision of SPEC.md. Pure: same input, same output; reconciling the result
 * again with the same change is a no-op.
 *
 * @example
 * const result = reconcile({ change, connectionId, link, appointment, seriesAppointment: null,
 *   policy: { direction: 'bidirectional', removal: 'soft_delete', privacy: 'full', window: null },
 *   now: clock().toISOString(), newAppointmentId: () => crypto.randomUUID() });
 * // persist result.appointment, result.link, result.conflict; enqueue result.push
 */
export function reconcile(input: ReconcileInput): ReconcileResult {
  const { change, link } = input;
  const removal = asRemoval(change);
  if (removal)
    return link ? reconcileRemoval(input, link, removal) : unknownRemoval(input, removal);
  const event = (change as Extract<RemoteChange, { kind: 'upsert' }>).event;
  if (!link || !input.appointment) return createInternal(input, event);
  if (link.remoteUpdatedAt && instantMs(event.updatedAt) < instantMs(link.remoteUpdatedAt)) {
    return unchanged(input, 'ignore_stale_replay');
  }
  if (input.appointment.deletedAt)
    return remoteEditOfDeleted(input, link, input.appointment, event);
  return mergeUpsert(input, link, input.appointment, event);
}

/** A cancelled non-instance upsert is a removal (Google tombstones arrive as `status: cancelled`). */
function asRemoval(change: RemoteChange): Removal | null {
  if (change.kind === 'removed') return change;
  const { event } = change;
  if (event.content.status === 'cancelled' && !event.originalStart) {
    return {
      kind: 'removed',
      externalId: event.externalId,
      calendarId: event.calendarId,
      seriesExternalId: null,
      originalStart: null,
      reason: 'cancelled',
      removedAt: event.updatedAt,
    };
  }
  return null;
}

function unchanged(input: ReconcileInput, decision: ReconcileDecision): ReconcileResult {
  return {
    decision,
    appointment: input.appointment,
    appointmentChanged: false,
    link: input.link,
    push: 'none',
    pushContent: null,
    conflict: null,
  };
}

function contentOf(appointment: Appointment): EventContent {
  return normalizeContent(appointment);
}

function withContent(appointment: Appointment, content: EventContent, now: string): Appointment {
  if (contentEqual(contentOf(appointment), content)) return appointment;
  return { ...appointment, ...content, version: appointment.version + 1, updatedAt: now };
}

function linkFromEvent(
  input: ReconcileInput,
  appointmentId: string,
  event: RemoteEvent,
): EventLink {
  return {
    appointmentId,
    connectionId: input.connectionId,
    calendarId: event.calendarId,
    externalEventId: event.externalId,
    iCalUID: event.iCalUID,
    seriesExternalId: event.seriesExternalId,
    originalStart: event.originalStart,
    etag: event.etag,
    base: normalizeContent(event.content),
    remoteUpdatedAt: event.updatedAt,
    state: 'synced',
    idempotencyKey: null,
  };
}

function createInternal(input: ReconcileInput, event: RemoteEvent): ReconcileResult {
  if (input.policy.direction === 'export_only') return unchanged(input, 'ignore_import_disabled');
  const content = normalizeContent(event.content);
  const id = input.appointment?.id ?? input.newAppointmentId();
  const appointment: Appointment = {
    ...content,
    id,
    uid: event.iCalUID ?? `${event.externalId}@${input.connectionId}`,
    hostRef: null,
    source: input.provider,
    seriesAppointmentId: input.seriesAppointment?.id ?? null,
    originalStart: event.originalStart,
    version: 1,
    updatedAt: input.now,
    deletedAt: null,
    extraProperties: event.extraProperties,
  };
  return {
    decision: 'create_internal',
    appointment,
    appointmentChanged: true,
    link: linkFromEvent(input, id, event),
    push: 'none',
    pushContent: null,
    conflict: null,
  };
}

function unknownRemoval(input: ReconcileInput, removal: Removal): ReconcileResult {
  const series = input.seriesAppointment;
  if (!removal.originalStart || !series || input.policy.direction === 'export_only') {
    return unchanged(input, 'ignore_unknown_removal');
  }
  // A cancelled instance we never saw: store it as a cancelled override child of the series.
  const content: EventContent = normalizeContent({
    ...series,
    recurrence: null,
    status: 'cancelled',
    time: instanceTime(series, removal),
  });
  const event: RemoteEvent = {
    externalId: removal.externalId,
    calendarId: removal.calendarId,
    etag: '',
    iCalUID: series.uid,
    seriesExternalId: removal.seriesExternalId,
    originalStart: removal.originalStart,
    updatedAt: removal.removedAt ?? input.now,
    calsyncAppointmentId: null,
    content,
    extraProperties: [],
  };
  return createInternal(input, event);
}

function instanceTime(series: Appointment, removal: Removal): EventContent['time'] {
  const start = removal.originalStart;
  if (!start) return series.time;
  if (start.kind === 'instant' && series.time.kind === 'zoned') {
    const duration = instantMs(series.time.endsAtUTC) - instantMs(series.time.startsAtUTC);
    const startsAtUTC = new Date(instantMs(start.atUTC)).toISOString();
    return {
      ...series.time,
      startsAtUTC,
      endsAtUTC: new Date(instantMs(start.atUTC) + duration).toISOString(),
    };
  }
  if (start.kind === 'date' && series.time.kind === 'all_day') {
    const days = (Date.parse(series.time.endDate) - Date.parse(series.time.startDate)) / 86_400_000;
    const endDate = new Date(Date.parse(start.date) + days * 86_400_000).toISOString().slice(0, 10);
    return { kind: 'all_day', startDate: start.date, endDate };
  }
  return series.time;
}

function reconcileRemoval(
  input: ReconcileInput,
  link: EventLink,
  removal: Removal,
): ReconcileResult {
  const appointment = input.appointment;
  // A recreate we decided on earlier is pending: this removal is the one that caused it.
  if (link.state === 'pending_create') return unchanged(input, 'ignore_stale_replay');
  if (!appointment || appointment.deletedAt || link.state === 'external_removed') {
    return {
      ...unchanged(input, 'both_deleted'),
      link: link.state === 'external_removed' ? link : { ...link, state: 'external_removed' },
    };
  }
  if (removal.reason === 'left_window' || outsideWindow(input, appointment)) {
    return unchanged(input, 'remove_outside_window');
  }
  const removedLink: EventLink = { ...link, state: 'external_removed' };
  const internal = contentOf(appointment);
  const internalEdited = link.base !== null && !contentEqual(projected(input, internal), link.base);
  if (internalEdited && input.policy.direction !== 'import_only') {
    const removedAt = removal.removedAt ?? input.now;
    const winner: Side =
      instantMs(appointment.updatedAt) > instantMs(removedAt) ? 'internal' : 'external';
    const conflict = conflictRecord(
      input,
      link,
      'edit_vs_remote_delete',
      [],
      internal,
      null,
      winner,
      removedAt,
    );
    if (winner === 'internal') {
      // The newer internal edit survives: recreate the event on the provider.
      return {
        decision: 'conflict_edit_vs_remote_delete',
        appointment,
        appointmentChanged: false,
        link: { ...link, state: 'pending_create', etag: null, base: null },
        push: 'create',
        pushContent: projected(input, internal),
        conflict,
      };
    }
    return {
      ...removeInternal(input, appointment, removedLink),
      decision: 'conflict_edit_vs_remote_delete',
      conflict,
    };
  }
  if (input.policy.direction === 'export_only') {
    return { ...unchanged(input, 'remove_mark_external_removed'), link: removedLink };
  }
  return removeInternal(input, appointment, removedLink);
}

function removeInternal(
  input: ReconcileInput,
  appointment: Appointment,
  link: EventLink,
): ReconcileResult {
  if (input.policy.removal === 'mark_external_removed') {
    return { ...unchanged(input, 'remove_mark_external_removed'), link };
  }
  return {
    decision: 'remove_soft_delete',
    appointment: {
      ...appointment,
      deletedAt: input.now,
      version: appointment.version + 1,
      updatedAt: input.now,
    },
    appointmentChanged: true,
    link,
    push: 'none',
    pushContent: null,
    conflict: null,
  };
}

function outsideWindow(input: ReconcileInput, appointment: Appointment): boolean {
  const window = input.policy.window;
  if (!window || appointment.recurrence || appointment.time.kind !== 'zoned') return false;
  return (
    instantMs(appointment.time.endsAtUTC) <= instantMs(window.startsAtUTC) ||
    instantMs(appointment.time.startsAtUTC) >= instantMs(window.endsAtUTC)
  );
}

function remoteEditOfDeleted(
  input: ReconcileInput,
  link: EventLink,
  appointment: Appointment,
  event: RemoteEvent,
): ReconcileResult {
  const external = normalizeContent(event.content);
  const remoteEdited = link.base === null || !contentEqual(external, link.base);
  const nextLink: EventLink = {
    ...link,
    etag: event.etag,
    remoteUpdatedAt: event.updatedAt,
    base: external,
  };
  if (!remoteEdited || input.policy.direction === 'export_only') {
    return {
      ...unchanged(input, 'noop_in_sync'),
      link: { ...nextLink, state: 'pending_delete' },
      push: 'delete',
    };
  }
  const deletedAt = appointment.deletedAt ?? input.now;
  const winner: Side =
    input.policy.direction === 'import_only' || instantMs(event.updatedAt) > instantMs(deletedAt)
      ? 'external'
      : 'internal';
  const conflict = conflictRecord(
    input,
    link,
    'delete_vs_remote_edit',
    [],
    null,
    external,
    winner,
    event.updatedAt,
  );
  if (winner === 'internal') {
    return {
      ...unchanged(input, 'conflict_delete_vs_remote_edit'),
      link: { ...nextLink, state: 'pending_delete' },
      push: 'delete',
      conflict,
    };
  }
  const revived = revivedContent(input, contentOf(appointment), link.base, external);
  const restored: Appointment = {
    ...appointment,
    ...revived,
    deletedAt: null,
    version: appointment.version + 1,
    updatedAt: input.now,
  };
  // The calendar that revived it gets back what changed elsewhere meanwhile.
  const outgoing = projected(input, revived);
  const update = !contentEqual(outgoing, external);
  return {
    decision: 'conflict_delete_vs_remote_edit',
    appointment: restored,
    appointmentChanged: true,
    link: { ...nextLink, state: update ? 'pending_update' : 'synced' },
    push: update ? 'update' : 'none',
    pushContent: update ? outgoing : null,
    conflict,
  };
}

/**
 * An appointment revived by a remote edit (newer than its deletion): the fields that calendar
 * changed since the last agreed state, over the appointment as it was — not that calendar's whole
 * copy, which may predate edits made elsewhere (a time moved in another calendar stays moved).
 * Without a base, the whole copy. Its status is the copy's: it lives again.
 */
function revivedContent(
  input: ReconcileInput,
  internal: EventContent,
  base: EventContent | null,
  external: EventContent,
): EventContent {
  const merged = mergeMasked(input, internal, external);
  if (base === null) return merged;
  const revived: Record<string, unknown> = { ...merged };
  for (const field of CONTENT_FIELDS) {
    if (field !== 'status' && fieldEqual(field, base, external)) revived[field] = internal[field];
  }
  return revived as unknown as EventContent;
}

/** Remote values for every field except the privacy-masked ones, which stay internal. */
function mergeMasked(
  input: ReconcileInput,
  internal: EventContent,
  external: EventContent,
): EventContent {
  const masked: readonly ContentField[] = PRIVACY_MASKED_FIELDS[input.policy.privacy];
  const merged: Record<string, unknown> = { ...external };
  for (const field of masked) merged[field] = internal[field];
  return merged as unknown as EventContent;
}

function projected(input: ReconcileInput, content: EventContent): EventContent {
  return normalizeContent(applyPrivacy(content, input.policy.privacy));
}

function mergeUpsert(
  input: ReconcileInput,
  link: EventLink,
  appointment: Appointment,
  event: RemoteEvent,
): ReconcileResult {
  const { policy } = input;
  const internal = contentOf(appointment);
  const external = normalizeContent(event.content);
  const internalProjected = projected(input, internal);
  // Without a base (first sighting on a resync), the remote copy is taken as the base: the
  // internal side's differences then count as local edits to push.
  const base = link.base ?? external;
  const masked: readonly ContentField[] = PRIVACY_MASKED_FIELDS[policy.privacy];
  const winner: Side =
    policy.direction === 'import_only'
      ? 'external'
      : policy.direction === 'export_only'
        ? 'internal'
        : instantMs(appointment.updatedAt) >= instantMs(event.updatedAt)
          ? 'internal'
          : 'external';
  let merged: EventContent;
  let conflicts: readonly ContentField[] = [];
  let decision: ReconcileDecision;
  if (policy.direction === 'export_only') {
    merged = internal;
    decision = contentEqual(internalProjected, external) ? 'noop_in_sync' : 'export_only_overwrite';
  } else {
    const result = threeWayMerge(base, internal, external, winner, masked);
    merged = normalizeContent(result.merged);
    conflicts = result.conflicts;
    decision = decisionFor(result.changedInternally, result.changedExternally, conflicts);
  }
  const mergedProjected = projected(input, merged);
  const push = policy.direction !== 'import_only' && !contentEqual(mergedProjected, external);
  const nextAppointment =
    policy.direction === 'export_only' ? appointment : withContent(appointment, merged, input.now);
  const conflict =
    conflicts.length > 0
      ? conflictRecord(
          input,
          link,
          'fields',
          conflicts,
          internal,
          external,
          winner,
          event.updatedAt,
          base,
        )
      : null;
  const nextLink: EventLink = {
    ...link,
    etag: event.etag,
    iCalUID: event.iCalUID ?? link.iCalUID,
    base: external,
    remoteUpdatedAt: event.updatedAt,
    state: conflict || link.state === 'conflict' ? 'conflict' : push ? 'pending_update' : 'synced',
  };
  return {
    decision,
    appointment: nextAppointment,
    appointmentChanged: nextAppointment !== appointment,
    link: nextLink,
    push: push ? 'update' : 'none',
    pushContent: push ? mergedProjected : null,
    conflict,
  };
}

function decisionFor(
  internalChanged: readonly ContentField[],
  externalChanged: readonly ContentField[],
  conflicts: readonly ContentField[],
): ReconcileDecision {
  if (conflicts.length > 0) return 'conflict_auto_resolved';
  if (internalChanged.length === 0 && externalChanged.length === 0) return 'noop_in_sync';
  if (externalChanged.length === 0) return 'push_internal';
  if (internalChanged.length === 0) return 'apply_remote';
  return 'merge_disjoint';
}

function conflictRecord(
  input: ReconcileInput,
  link: EventLink,
  kind: ConflictRecord['kind'],
  fields: readonly ContentField[],
  internal: EventContent | null,
  external: EventContent | null,
  winner: Side,
  externalUpdatedAt: string,
  base: EventContent | null = link.base,
): ConflictRecord {
  return {
    appointmentId: link.appointmentId,
    connectionId: input.connectionId,
    calendarId: link.calendarId,
    externalEventId: link.externalEventId,
    kind,
    fields,
    internal,
    external,
    base,
    internalUpdatedAt: input.appointment?.updatedAt ?? null,
    externalUpdatedAt,
    autoResolution: winner,
    detectedAt: input.now,
  };
}

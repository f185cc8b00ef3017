import { randomUUID } from 'node:crypto';
import {
  contentEqual,
  resolveConflict,
  shouldPauseForConflicts,
  type ConflictChoice,
  type EventContent,
} from '@calsync/core';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import {
  insertAppointment,
  lockAppointment,
  rowContent,
  softDeleteAppointment,
  updateAppointmentContent,
  type AppointmentRow,
} from '../store/appointments.js';
import { findCalendar } from '../store/calendars.js';
import { appendChange } from '../store/changes.js';
import {
  countOpenConflicts,
  findConflict,
  resolveConflictRow,
  toConflictRecord,
  type ConflictResolutionKind,
  type ConflictRow,
} from '../store/conflicts.js';
import { findConnection } from '../store/connections.js';
import { findLink, setLinkState } from '../store/event-links.js';
import { changeConnectionStatus, STATUS_REASONS } from './connection-status.js';
import { enqueuePush } from './enqueue-push.js';

/** The conflict does not exist or was already resolved. */
export class ConflictNotOpenError extends Error {
  override readonly name = 'ConflictNotOpenError';
  readonly code = 'conflict_not_open';
}

const RESOLUTION: { readonly [K in ConflictChoice['kind']]: ConflictResolutionKind } = {
  keep_internal: 'kept_internal',
  keep_external: 'kept_external',
  merge: 'merged',
  create_duplicate: 'created_duplicate',
};

async function applyContent(
  tx: Tx,
  row: AppointmentRow,
  content: EventContent | null,
  now: Date,
): Promise<AppointmentRow> {
  if (!content) {
    return row.deleted_at ? row : (await softDeleteAppointment(tx, row.id, now))!;
  }
  if (contentEqual(content, rowContent(row)) && !row.deleted_at) return row;
  const updated = (await updateAppointmentContent(tx, { id: row.id, content, now }))!;
  if (!row.deleted_at) return updated;
  const [restored] = await tx<{ id: string }[]>`
    update appointments set deleted_at = null where id = ${row.id} returning id`;
  return { ...updated, deleted_at: restored ? null : updated.deleted_at };
}

/**
 * Applies a user's choice for a conflict (keep internal, keep external, merge per field, or
 * create a duplicate), marks it resolved, and pushes the result to every calendar of the
 * appointment — all in one transaction. A connection paused for too many conflicts resumes once
 * it is back under the limit.
 *
 * @example
 * await resolveConflictAndSync(ctx, conflictId, { kind: 'keep_external' }, { resolvedBy: 'user:alice' });
 */
export async function resolveConflictAndSync(
  ctx: ServerContext,
  conflictId: string,
  choice: ConflictChoice,
  options: {
    resolvedBy?: string | null;
    reason?: string | null;
    connectionId?: string | null;
  } = {},
): Promise<ConflictRow> {
  return ctx.sql.begin(async (tx) => {
    const now = ctx.now();
    const conflict = await findConflict(tx, conflictId, options.connectionId ?? null);
    if (!conflict || conflict.status !== 'open') throw new ConflictNotOpenError('no open conflict');
    const link = conflict.event_link_id ? await findLink(tx, conflict.event_link_id) : undefined;
    const calendar = link ? await findCalendar(tx, link.calendar_id) : undefined;
    const record = toConflictRecord(conflict, {
      calendarId: calendar?.provider_calendar_id ?? '',
      externalEventId: link?.external_event_id ?? '',
    });
    const resolution = resolveConflict(record, choice);
    const before = (await lockAppointment(tx, conflict.appointment_id))!;
    const after = await applyContent(tx, before, resolution.content, now);
    if (link?.state === 'conflict') {
      await setLinkState(
        tx,
        link.id,
        resolution.content ? 'pending_update' : 'pending_delete',
        now,
      );
    }
    const resolved = (await resolveConflictRow(tx, conflict.id, {
      resolution: RESOLUTION[choice.kind],
      reason: options.reason ?? null,
      resolvedBy: options.resolvedBy ?? null,
      now,
    }))!;
    await appendChange(tx, {
      tenantId: conflict.tenant_id,
      userId: after.user_id,
      type: 'conflict.resolved',
      data: {
        id: conflict.id,
        integration_id: conflict.connection_id,
        resolution: resolved.resolution,
      },
    });
    if (after.version !== before.version || after.deleted_at !== before.deleted_at) {
      await appendChange(tx, {
        tenantId: after.tenant_id,
        userId: after.user_id,
        type: after.deleted_at ? 'appointment.deleted' : 'appointment.updated',
        data: { id: after.id, host_ref: after.host_ref, version: after.version },
      });
    }
    await enqueuePush(ctx.jobs, tx, after);
    if (resolution.duplicate) {
      const duplicate = await insertAppointment(tx, {
        tenantId: after.tenant_id,
        userId: after.user_id,
        uid: `${randomUUID()}@calsync`,
        hostRef: null,
        source: after.source,
        syncSource: null,
        locationType: after.location_type,
        content: resolution.duplicate,
        now,
      });
      await appendChange(tx, {
        tenantId: duplicate.tenant_id,
        userId: duplicate.user_id,
        type: 'appointment.created',
        data: { id: duplicate.id, host_ref: null, version: duplicate.version },
      });
      await enqueuePush(ctx.jobs, tx, { ...duplicate, source: 'host' });
    }
    const connection = await findConnection(tx, conflict.connection_id);
    if (
      connection?.status === 'paused' &&
      connection.status_reason === STATUS_REASONS.tooManyConflicts &&
      !shouldPauseForConflicts(await countOpenConflicts(tx, connection.id))
    ) {
      await changeConnectionStatus(ctx, tx, connection.id, 'active', null);
    }
    return resolved;
  });
}

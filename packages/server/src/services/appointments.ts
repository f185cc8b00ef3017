import { randomUUID } from 'node:crypto';
import { contentEqual } from '@calsync/core';
import type { ServerContext } from '../context.js';
import type { Tx } from '../db/connect.js';
import { ApiError } from '../http/errors.js';
import {
  isLocalDateTime,
  type CreateAppointmentInput,
  type UpdateAppointmentInput,
} from '../http/schemas/appointment.js';
import {
  findAppointment,
  findAppointmentByHostRef,
  insertAppointment,
  lockAppointment,
  rowContent,
  softDeleteAppointment,
  updateAppointmentContent,
  type AppointmentRow,
} from '../store/appointments.js';
import { appendChange } from '../store/changes.js';
import { upsertUser, type UserRow } from '../store/users.js';
import { inputContent, withParticipants } from './appointment-content.js';
import type { AppointmentChangeKind } from './sync-hooks.js';

const UNIQUE_VIOLATION = '23505';

/** Records a host-side change: change feed + sync hooks, in the writing transaction. */
async function recordChange(
  ctx: ServerContext,
  tx: Tx,
  row: AppointmentRow,
  user: Pick<UserRow, 'id' | 'external_id'>,
  kind: AppointmentChangeKind,
): Promise<void> {
  await appendChange(tx, {
    tenantId: row.tenant_id,
    userId: user.id,
    type: `appointment.${kind}`,
    data: { id: row.id, host_ref: row.host_ref, user_id: user.external_id, version: row.version },
  });
  await ctx.sync.appointmentChanged(tx, row, kind);
}

/** Emails of the accounts the named internal participants have connected. */
async function participantEmails(
  tx: Tx,
  tenantId: string,
  externalIds: readonly string[],
): Promise<string[]> {
  if (externalIds.length === 0) return [];
  const rows = await tx<{ account_email: string }[]>`
    select distinct c.account_email from connections c join users u on u.id = c.user_id
    where u.tenant_id = ${tenantId} and u.external_id = any(${[...externalIds]}::text[])
      and c.status <> 'disconnected' and c.account_email is not null`;
  return rows.map((r) => r.account_email);
}

/**
 * `POST /appointments`: creates the appointment, or — when `host_ref` is already known — updates
 * it. Sending the same body twice changes nothing the second time (no version bump, no push).
 */
export async function upsertAppointment(
  ctx: ServerContext,
  scope: { tenantId: string; externalUserId: string },
  input: CreateAppointmentInput,
): Promise<{ row: AppointmentRow; created: boolean }> {
  const attempt = () =>
    ctx.sql.begin(async (tx) => {
      const user = await upsertUser(tx, scope.tenantId, scope.externalUserId);
      const existing = input.host_ref
        ? await findAppointmentByHostRef(tx, scope.tenantId, input.host_ref)
        : undefined;
      const emails = await participantEmails(tx, scope.tenantId, input.participant_user_ids ?? []);
      if (existing) {
        if (existing.user_id !== user.id) {
          throw new ApiError(
            409,
            'host_ref_in_use',
            'This host_ref belongs to another user’s appointment.',
          );
        }
        const locked = (await lockAppointment(tx, existing.id))!;
        const content = withParticipants(inputContent(input, rowContent(locked)), emails);
        const sameType = !input.location_type || input.location_type === locked.location_type;
        if (contentEqual(content, rowContent(locked)) && sameType && locked.deleted_at === null) {
          return { row: locked, created: false };
        }
        const row = (await updateAppointmentContent(tx, {
          id: locked.id,
          content,
          ...(input.location_type ? { locationType: input.location_type } : {}),
          now: ctx.now(),
        }))!;
        const revived = locked.deleted_at
          ? (await tx<AppointmentRow[]>`
              update appointments set deleted_at = null where id = ${row.id} returning id`,
            (await findAppointment(tx, scope.tenantId, row.id))!)
          : row;
        await recordChange(ctx, tx, revived, user, 'updated');
        return { row: revived, created: false };
      }
      const row = await insertAppointment(tx, {
        tenantId: scope.tenantId,
        userId: user.id,
        uid: `${randomUUID()}@calsync`,
        hostRef: input.host_ref ?? null,
        source: 'host',
        syncSource: null,
        locationType: input.location_type ?? 'in_person',
        content: withParticipants(inputContent(input, null), emails),
        now: ctx.now(),
      });
      await recordChange(ctx, tx, row, user, 'created');
      return { row, created: true };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two requests with a new host_ref raced: the loser retries as an update.
    if ((error as { code?: string }).code === UNIQUE_VIOLATION && input.host_ref) return attempt();
    throw error;
  }
}

/** Refuses what an update body may show but not ask for. */
function refuseUnwritable(input: UpdateAppointmentInput, current: AppointmentRow): void {
  if (input.status === 'cancelled' && current.status !== 'cancelled') {
    throw new ApiError(
      400,
      'invalid_request',
      'body.status: cancelled cannot be set by an update; cancel with DELETE',
    );
  }
  if (!input.all_day && isLocalDateTime(input.start) && current.time_kind !== 'floating') {
    throw new ApiError(
      400,
      'invalid_request',
      'body.start: timed appointments take RFC 3339 date-times with an offset',
    );
  }
}

/**
 * `PUT /appointments/{id}` (an update body) and `PATCH` (a function of the locked row, see
 * {@link patchedInput}): writes the writable fields; left-out optional ones keep their value.
 * An update that changes nothing writes nothing (no version bump, no push, no change).
 */
export async function updateAppointment(
  ctx: ServerContext,
  target: { tenantId: string; id: string; userId: string | null },
  update: UpdateAppointmentInput | ((current: AppointmentRow) => UpdateAppointmentInput),
): Promise<AppointmentRow> {
  return ctx.sql.begin(async (tx) => {
    const found = await findAppointment(tx, target.tenantId, target.id, target.userId);
    if (!found) throw new ApiError(404, 'not_found', 'No such appointment.');
    const locked = (await lockAppointment(tx, found.id))!;
    if (locked.deleted_at)
      throw new ApiError(409, 'appointment_cancelled', 'The appointment is cancelled.');
    const input = typeof update === 'function' ? update(locked) : update;
    refuseUnwritable(input, locked);
    const content = inputContent(input, rowContent(locked));
    const sameType = !input.location_type || input.location_type === locked.location_type;
    if (contentEqual(content, rowContent(locked)) && sameType) return locked;
    const row = (await updateAppointmentContent(tx, {
      id: locked.id,
      content,
      ...(input.location_type ? { locationType: input.location_type } : {}),
      now: ctx.now(),
    }))!;
    const [user] = await tx<UserRow[]>`select * from users where id = ${row.user_id}`;
    await recordChange(ctx, tx, row, user!, 'updated');
    return row;
  });
}

/** `DELETE /appointments/{id}`: cancels; external events are removed by the sync engine. */
export async function cancelAppointment(
  ctx: ServerContext,
  target: { tenantId: string; id: string; userId: string | null },
): Promise<AppointmentRow> {
  return ctx.sql.begin(async (tx) => {
    const found = await findAppointment(tx, target.tenantId, target.id, target.userId);
    if (!found) throw new ApiError(404, 'not_found', 'No such appointment.');
    if (found.deleted_at) return found;
    const row = (await softDeleteAppointment(tx, found.id, ctx.now()))!;
    const [user] = await tx<UserRow[]>`select * from users where id = ${row.user_id}`;
    await recordChange(ctx, tx, row, user!, 'deleted');
    return row;
  });
}

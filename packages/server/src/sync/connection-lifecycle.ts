import type { ServerContext } from '../context.js';
import { enqueuePull, enqueuePushTo } from '../jobs/queues.js';
import { stopChannel } from '../jobs/watch-renewal.js';
import { openProviderSession } from '../providers/session.js';
import { listCalendars } from '../store/calendars.js';
import { findConnection, markDisconnected, type ConnectionRow } from '../store/connections.js';
import { deleteLinksOfConnection, listPendingLinks } from '../store/event-links.js';
import { finishAttempt, startAttempt } from '../store/sync-attempts.js';
import { listActiveChannels, markChannel } from '../store/watch-channels.js';
import { announceConnection, changeConnectionStatus, STATUS_REASONS } from './connection-status.js';
import type { SyncRuntime } from './runtime.js';
import { ConnectionNotFoundError } from './trigger-sync.js';

/**
 * Pauses a connection: its jobs skip it until it resumes (settings kept).
 *
 * @example
 * await pauseConnection(ctx, connectionId);
 */
export async function pauseConnection(
  ctx: ServerContext,
  connectionId: string,
  reason: string = STATUS_REASONS.userPaused,
): Promise<ConnectionRow | undefined> {
  return ctx.sql.begin((tx) => changeConnectionStatus(ctx, tx, connectionId, 'paused', reason));
}

/**
 * Resumes a paused (or errored, or re-authorised) connection and catches up: a pull of every
 * selected calendar, and the pushes of everything that waited (pending links, and host
 * appointments written while it was paused).
 *
 * @example
 * await resumeConnection(ctx, connectionId);
 */
export async function resumeConnection(
  ctx: ServerContext,
  connectionId: string,
): Promise<ConnectionRow | undefined> {
  return ctx.sql.begin(async (tx) => {
    const row = await changeConnectionStatus(ctx, tx, connectionId, 'active', null);
    if (!row) return undefined;
    for (const calendar of await listCalendars(tx, row.id)) {
      if (!calendar.selected) continue;
      await enqueuePull(
        ctx.jobs,
        { calendarId: calendar.id, connectionId: row.id, reason: 'resume' },
        tx,
      );
    }
    const waiting = new Set((await listPendingLinks(tx, row.id)).map((l) => l.appointment_id));
    const unlinked = await tx<{ id: string }[]>`
      select a.id from appointments a
      where a.user_id = ${row.user_id} and a.source = 'host' and a.deleted_at is null
        and not exists (select 1 from event_links l
                        where l.appointment_id = a.id and l.connection_id = ${row.id})`;
    for (const { id } of unlinked) waiting.add(id);
    for (const appointmentId of waiting) {
      await enqueuePushTo(ctx.jobs, { appointmentId, connectionId: row.id }, tx);
    }
    return row;
  });
}

/**
 * Disconnects: stops the watch channels and revokes the tokens at the provider (best effort:
 * a provider that fails here cannot keep the user connected), then — in one transaction —
 * deletes the stored credentials, drops the links and keeps the appointments with
 * `sync_source` cleared. Announced as `integration.updated`.
 *
 * @example
 * await disconnectConnection(rt, connectionId);
 */
export async function disconnectConnection(
  rt: SyncRuntime,
  connectionId: string,
  options: { tenantId?: string | null } = {},
): Promise<ConnectionRow> {
  const { ctx } = rt;
  const connection = await findConnection(ctx.sql, connectionId, options.tenantId ?? null);
  if (!connection) throw new ConnectionNotFoundError('no such integration');
  if (connection.status === 'disconnected') return connection;
  if (connection.credentials && rt.registry.has(connection.provider)) {
    await revokeAtProvider(rt, connection);
  }
  return ctx.sql.begin(async (tx) => {
    const appointmentIds = await deleteLinksOfConnection(tx, connection.id);
    if (appointmentIds.length > 0) {
      await tx`
        update appointments set sync_source = null
        where id = any(${appointmentIds}::uuid[]) and sync_source = ${connection.provider}`;
    }
    for (const channel of await listActiveChannels(tx, connection.id)) {
      await markChannel(tx, channel.id, 'stopped');
    }
    await tx`
      update approvals set status = 'rejected', notes = 'integration disconnected',
        decided_at = ${ctx.now()}
      where connection_id = ${connection.id} and status = 'pending'`;
    const row = (await markDisconnected(tx, connection.id, ctx.now()))!;
    await announceConnection(tx, row);
    return row;
  });
}

async function revokeAtProvider(rt: SyncRuntime, connection: ConnectionRow): Promise<void> {
  const { ctx } = rt;
  const attempt = await startAttempt(ctx.sql, {
    tenantId: connection.tenant_id,
    connectionId: connection.id,
    calendarId: null,
    appointmentId: null,
    operation: 'revoke',
    correlationId: rt.newId(),
    attempt: 1,
    now: ctx.now(),
  });
  try {
    const session = await openProviderSession(rt, connection);
    for (const channel of await listActiveChannels(ctx.sql, connection.id)) {
      await stopChannel(rt, session, channel).catch((error: unknown) => {
        ctx.logger.warn({ connectionId: connection.id, err: error }, 'could not stop a channel');
      });
    }
    await session.adapter.revokeCredentials();
    await finishAttempt(ctx.sql, attempt.id, { status: 'success', now: ctx.now() });
  } catch (error) {
    await finishAttempt(ctx.sql, attempt.id, {
      status: 'fail',
      errorMessage: error instanceof Error ? error.message : String(error),
      now: ctx.now(),
    });
    ctx.logger.warn(
      { connectionId: connection.id, err: error },
      'revocation at the provider failed',
    );
  }
}

import { randomUUID } from 'node:crypto';
import type { InstantRange } from '@calsync/core';
import type { ServerContext } from '../context.js';
import { enqueuePull } from '../jobs/queues.js';
import { cancelStuckPull } from '../jobs/stuck-pulls.js';
import { listCalendars } from '../store/calendars.js';
import { findConnection, SYNCING_STATUSES } from '../store/connections.js';

/** The connection does not exist (in this tenant). */
export class ConnectionNotFoundError extends Error {
  override readonly name = 'ConnectionNotFoundError';
  readonly code = 'not_found';
}

/** The connection is paused, needs reauthorisation or is disconnected. */
export class ConnectionNotSyncingError extends Error {
  override readonly name = 'ConnectionNotSyncingError';
  readonly code = 'integration_not_syncing';
  constructor(readonly status: string) {
    super(`the connection is ${status}`);
  }
}

/** Input of {@link triggerSync} (API.md `POST …/sync`). */
export interface TriggerSyncInput {
  mode?: 'incremental' | 'full';
  /** With `to`: a full sync of this window instead of the default one. */
  from?: Date | null;
  to?: Date | null;
  tenantId?: string | null;
}

/** What {@link triggerSync} did. */
export interface TriggeredSync {
  /** The correlation id the attempts of this sync carry (`sync_id`). */
  syncId: string;
  /** How many calendars a pull was requested for. */
  calendars: number;
  /**
   * How many of them had a stuck pull (its worker stopped heartbeating) that was cancelled so
   * this one runs now.
   */
  takenOver: number;
}

/**
 * Enqueues a pull of every selected calendar of a connection. `full` (or a from/to window)
 * makes each pull drop its cursor first. Pulls already queued absorb this one, and a live
 * running pull is waited for; a stuck one (its worker died) is cancelled first, so the sync is
 * not held behind it until its expiry.
 *
 * @example
 * const { syncId, takenOver } = await triggerSync(ctx, connectionId, { mode: 'full' });
 */
export async function triggerSync(
  ctx: ServerContext,
  connectionId: string,
  input: TriggerSyncInput = {},
  newId: () => string = randomUUID,
): Promise<TriggeredSync> {
  const connection = await findConnection(ctx.sql, connectionId, input.tenantId ?? null);
  if (!connection) throw new ConnectionNotFoundError('no such integration');
  if (!SYNCING_STATUSES.includes(connection.status) || !connection.sync_enabled) {
    throw new ConnectionNotSyncingError(connection.status);
  }
  const window: InstantRange | undefined =
    input.from && input.to
      ? { startsAtUTC: input.from.toISOString(), endsAtUTC: input.to.toISOString() }
      : undefined;
  const full = input.mode === 'full' || window !== undefined;
  const syncId = newId();
  const calendars = (await listCalendars(ctx.sql, connection.id)).filter((c) => c.selected);
  let takenOver = 0;
  await ctx.sql.begin(async (tx) => {
    for (const calendar of calendars) {
      if (await cancelStuckPull(tx, calendar.id, ctx.now())) takenOver += 1;
      await enqueuePull(
        ctx.jobs,
        {
          calendarId: calendar.id,
          connectionId: connection.id,
          correlationId: syncId,
          reason: 'manual',
          ...(full ? { full } : {}),
          ...(window ? { window } : {}),
        },
        tx,
      );
    }
  });
  return { syncId, calendars: calendars.length, takenOver };
}

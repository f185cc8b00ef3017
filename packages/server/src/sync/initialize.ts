import { openProviderSession } from '../providers/session.js';
import { upsertCalendars, type CalendarRow } from '../store/calendars.js';
import { findConnection } from '../store/connections.js';
import { enqueueAvailability, enqueuePull, WATCH_RENEWAL_QUEUE } from '../jobs/queues.js';
import type { SyncRuntime } from './runtime.js';
import { ConnectionNotFoundError } from './trigger-sync.js';

/**
 * Starts syncing a new (or re-authorised) connection: lists its calendars into the store (the
 * primary one selected and made the destination), then enqueues the initial pull of every
 * selected calendar and an availability refresh. Call it after the connection row is stored.
 *
 * @example
 * const row = await createConnection(ctx.sql, …);
 * await initializeConnection(sync, row.id);
 */
export async function initializeConnection(
  rt: SyncRuntime,
  connectionId: string,
): Promise<CalendarRow[]> {
  const { ctx } = rt;
  const connection = await findConnection(ctx.sql, connectionId);
  if (!connection) throw new ConnectionNotFoundError('no such integration');
  const session = await openProviderSession(rt, connection);
  const remote = await session.adapter.listCalendars();
  return ctx.sql.begin(async (tx) => {
    const calendars = await upsertCalendars(tx, {
      tenantId: connection.tenant_id,
      connectionId: connection.id,
      calendars: remote,
      now: ctx.now(),
    });
    for (const calendar of calendars) {
      if (!calendar.selected) continue;
      await enqueuePull(
        ctx.jobs,
        { calendarId: calendar.id, connectionId: connection.id, reason: 'initial' },
        tx,
      );
    }
    await enqueueAvailability(ctx.jobs, { connectionId: connection.id }, tx);
    // Open push channels now rather than at the next renewal run, so a new connection is
    // notified of changes from the start (it is polled until they exist).
    if (session.adapter.capabilities.push) await ctx.jobs.send(WATCH_RENEWAL_QUEUE, {}, {}, tx);
    return calendars;
  });
}

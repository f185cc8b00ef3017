import { claimDueCalendars } from '../store/calendars.js';
import { findConnection, type ConnectionRow } from '../store/connections.js';
import { hasLiveChannel } from '../store/watch-channels.js';
import { nextPollAt, type SyncRuntime } from '../sync/runtime.js';
import { enqueuePull } from './queues.js';
import { resumeStalledPushes } from './stalled-pushes.js';

/** Calendars claimed per scheduler run. */
const BATCH = 500;

/**
 * Enqueues the pulls of every selected calendar whose `next_poll_at` has come (5 minutes after
 * the last pull with jitter, or the provider's own schedule; 6 hours when a live channel delivers
 * notifications), moving each
 * one's next poll forward in the same transaction. Pulls coalesce per calendar, so a calendar
 * whose pull is still queued gets no second one. Pushes whose job was lost are resumed too
 * (see {@link resumeStalledPushes}). Returns how many calendars were due.
 *
 * @example
 * await runPollScheduler(rt); // every minute from the cron schedule
 */
export async function runPollScheduler(rt: SyncRuntime): Promise<number> {
  const { ctx } = rt;
  const now = ctx.now();
  return ctx.sql.begin(async (tx) => {
    const connections = new Map<string, ConnectionRow | null>();
    const connectionOf = async (id: string) => {
      if (!connections.has(id)) connections.set(id, (await findConnection(tx, id)) ?? null);
      return connections.get(id)!;
    };
    const due = await claimDueCalendars(tx, {
      now,
      limit: BATCH,
      nextPollAt: async (calendar) =>
        nextPollAt(rt, now, false, await connectionOf(calendar.connection_id)),
    });
    for (const calendar of due) {
      if (await hasLiveChannel(tx, calendar.id, now)) {
        await tx`update calendars set next_poll_at = ${nextPollAt(rt, now, true)} where id = ${calendar.id}`;
      }
      await enqueuePull(
        ctx.jobs,
        { calendarId: calendar.id, connectionId: calendar.connection_id, reason: 'poll' },
        tx,
      );
    }
    await resumeStalledPushes(ctx.jobs, tx, now);
    return due.length;
  });
}

import type { Tx } from '../db/connect.js';
import { enqueuePushTo } from './queues.js';
import type { JobSender } from './sender.js';

/** A link waiting this long for its push has lost its job (a crash, a retry given up). */
export const STALLED_PUSH_MS = 10 * 60_000;

/** Links resumed per run. */
const BATCH = 500;

/**
 * Re-enqueues the push of every link left in a pending state (`pending_create`, `_update`,
 * `_delete`) for {@link STALLED_PUSH_MS} on a syncing connection, unless an approval holds it:
 * the push that would settle it was lost — its worker killed beyond pg-boss's own retries, or
 * its retries given up during a long provider outage. The push re-plans from the newest state,
 * so resuming one that is merely slow is harmless (pushes coalesce per pair). Each resumed link
 * is stamped so it waits another period before the next resume. Returns how many were resumed.
 */
export async function resumeStalledPushes(jobs: JobSender, tx: Tx, now: Date): Promise<number> {
  const stalled = await tx<{ id: string; appointment_id: string; connection_id: string }[]>`
    update event_links l set updated_at = ${now}
    where l.id in (
      select l2.id from event_links l2
      join connections c on c.id = l2.connection_id
      where l2.state in ('pending_create', 'pending_update', 'pending_delete')
        and l2.updated_at < ${new Date(now.getTime() - STALLED_PUSH_MS)}
        and c.status in ('active', 'error') and c.sync_enabled
        and not exists (select 1 from approvals a
                        where a.appointment_id = l2.appointment_id and a.status = 'pending')
      order by l2.updated_at
      limit ${BATCH}
      for update of l2 skip locked)
    returning l.id, l.appointment_id, l.connection_id`;
  for (const link of stalled) {
    await enqueuePushTo(
      jobs,
      { appointmentId: link.appointment_id, connectionId: link.connection_id },
      tx,
    );
  }
  return stalled.length;
}

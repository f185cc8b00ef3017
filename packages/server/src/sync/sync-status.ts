import type { ServerContext } from '../context.js';
import { listCalendars } from '../store/calendars.js';
import { countOpenConflicts } from '../store/conflicts.js';
import { findConnection, type ConnectionStatus } from '../store/connections.js';
import { findRunningPull } from '../store/sync-attempts.js';
import { countFailedSyncEvents, listRecentSyncEvents } from '../store/sync-events.js';
import { ConnectionNotFoundError } from './trigger-sync.js';

/** API.md `GET …/sync-status`. */
export interface SyncStatus {
  sync_status: ConnectionStatus;
  status_reason: string | null;
  last_sync_at: string | null;
  next_sync_at: string | null;
  /** The running pull, if any: items done so far (the total is unknown until the round ends). */
  progress: { phase: 'pull' | 'full_resync'; done: number; total: number | null } | null;
  recent_events: {
    event_type: string;
    direction: 'inbound' | 'outbound';
    status: 'success' | 'fail' | 'skipped';
    processed_at: string;
  }[];
  failed_events: number;
  conflicts: number;
  cursor: { calendar_id: string; updated_at: string | null }[];
}

/**
 * What a connection's sync is doing: status, times, progress of a running pull, the latest
 * items, failure and open-conflict counts, and each calendar's cursor age.
 *
 * @example
 * const status = await syncStatus(ctx, connectionId);
 */
export async function syncStatus(
  ctx: ServerContext,
  connectionId: string,
  options: { tenantId?: string | null; recentLimit?: number } = {},
): Promise<SyncStatus> {
  const connection = await findConnection(ctx.sql, connectionId, options.tenantId ?? null);
  if (!connection) throw new ConnectionNotFoundError('no such integration');
  const [running, recent, failed, conflicts, calendars] = await Promise.all([
    findRunningPull(ctx.sql, connectionId),
    listRecentSyncEvents(ctx.sql, connectionId, options.recentLimit ?? 20),
    countFailedSyncEvents(ctx.sql, connectionId),
    countOpenConflicts(ctx.sql, connectionId),
    listCalendars(ctx.sql, connectionId),
  ]);
  return {
    sync_status: connection.status,
    status_reason: connection.status_reason,
    last_sync_at: connection.last_sync_at?.toISOString() ?? null,
    next_sync_at: connection.next_sync_at?.toISOString() ?? null,
    progress: running
      ? {
          phase: running.operation === 'full_resync' ? 'full_resync' : 'pull',
          done: running.items_processed,
          total: null,
        }
      : null,
    recent_events: recent.map((e) => ({
      event_type: e.event_type,
      direction: e.direction,
      status: e.status,
      processed_at: e.processed_at.toISOString(),
    })),
    failed_events: failed,
    conflicts,
    cursor: calendars
      .filter((c) => c.selected)
      .map((c) => ({ calendar_id: c.id, updated_at: c.cursor_updated_at?.toISOString() ?? null })),
  };
}

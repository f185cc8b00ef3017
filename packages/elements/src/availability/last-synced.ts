import type { Integration } from '../core/client.js';

/**
 * When the calendars behind the week grid last synced: the connections' `lastSyncAt` — the same
 * moment `<calsync-sync-status>` shows for a connection — and, with several connections, the
 * oldest of them (the grid is only as current as its least recent calendar). Disconnected
 * connections and those never synced do not count; null when none has synced.
 *
 * @example
 * calendarsLastSyncedAt([{ syncStatus: 'active', lastSyncAt: '2026-03-04T09:56:00Z' }])
 * // '2026-03-04T09:56:00Z'
 */
export function calendarsLastSyncedAt(
  integrations: readonly Pick<Integration, 'syncStatus' | 'lastSyncAt'>[],
): string | null {
  const times = integrations
    .filter((i) => i.syncStatus !== 'disconnected' && i.lastSyncAt)
    .map((i) => i.lastSyncAt!)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return times[0] ?? null;
}

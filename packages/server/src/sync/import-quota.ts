import type { Db } from '../db/connect.js';
import { countLiveImports } from '../store/imported-counts.js';

/**
 * How many more remote events a pull page may turn into new appointments for one connection
 * (`SyncOptions.maxImportedEventsPerConnection`). Read once per page, then counted down in memory.
 */
export interface ImportQuota {
  /** The configured limit. */
  readonly limit: number;
  /** Takes one import; false when the connection already holds `limit` live imports. */
  take(): boolean;
}

/**
 * Reads the connection's live imports once and hands out what is left of `limit`.
 *
 * @example
 * const quota = await startImportQuota(sql, connection.id, 50_000);
 * if (!quota.take()) recordRefusal();
 */
export async function startImportQuota(
  db: Db,
  connectionId: string,
  limit: number,
): Promise<ImportQuota> {
  let remaining = limit - (await countLiveImports(db, connectionId));
  return {
    limit,
    take() {
      if (remaining <= 0) return false;
      remaining--;
      return true;
    },
  };
}

/** The failed item's message when the quota refuses an import (no secrets, just the limit). */
export function importQuotaMessage(limit: number): string {
  return `import quota reached: the connection already holds ${limit} live imported events (CALSYNC_MAX_IMPORTED_EVENTS_PER_CONNECTION); the event was not imported`;
}

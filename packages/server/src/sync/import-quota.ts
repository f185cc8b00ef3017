import type { Db } from '../db/connect.js';
import { countLiveImports } from '../store/imported-counts.js';

/**
 * How many more remote events a pull page may turn into new appointments for one connection
 * (`SyncOptions.maxImportedEventsPerConnection`). Counted at most once per page — when the page
 * first wants to import something — then counted down in memory.
 */
export interface ImportQuota {
  /** The configured limit. */
  readonly limit: number;
  /** Takes one import; false when the connection already holds `limit` live imports. */
  take(): Promise<boolean>;
}

/**
 * Hands out what is left of `limit` for one page; the connection's live imports are counted on
 * the first `take()` only, so a page of updates and removals costs no query.
 *
 * @example
 * const quota = startImportQuota(sql, connection.id, 50_000);
 * if (!(await quota.take())) recordRefusal();
 */
export function startImportQuota(db: Db, connectionId: string, limit: number): ImportQuota {
  let remaining: number | undefined;
  return {
    limit,
    async take() {
      remaining ??= limit - (await countLiveImports(db, connectionId));
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

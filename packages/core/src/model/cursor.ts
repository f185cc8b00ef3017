import type { InstantRange, InstantUTC } from './time.js';

/**
 * An incremental-sync cursor: Google `nextSyncToken`, Graph `@odata.deltaLink` (the whole URL),
 * CalDAV `sync-token` or ctag. Opaque to everyone but the adapter that made it.
 */
export interface SyncCursor {
  readonly value: string;
  readonly obtainedAt: InstantUTC;
}

/**
 * Where an unfinished pull round stands, so a crashed or interrupted pull resumes on the next
 * page instead of starting over. Opaque `token` belongs to the adapter.
 */
export interface PageCheckpoint {
  /** `full` when the round started without a cursor (first sync or resync after expiry). */
  readonly mode: 'full' | 'incremental';
  /** The adapter's page token (Google `pageToken`, Graph `nextLink`, CalDAV offset…). */
  readonly token: string;
  /** Pages already applied in this round. */
  readonly pagesDone: number;
  /** The window the round was started with (full rounds must be resumed with the same one). */
  readonly window: InstantRange;
}

import type { EventContent } from './event.js';
import type { InstantUTC, OriginalStart } from './time.js';

/**
 * Sync state of one link:
 * - `synced`: both sides equal the base snapshot.
 * - `pending_create`: the external id is chosen and stored; the create call may not have happened.
 * - `pending_update` / `pending_delete`: an outbound write is due.
 * - `conflict`: a conflict awaits manual resolution (auto-resolution still applied).
 * - `external_removed`: the remote side deleted the event and the policy kept the appointment.
 */
export type LinkState =
  | 'synced'
  | 'pending_create'
  | 'pending_update'
  | 'pending_delete'
  | 'conflict'
  | 'external_removed';

/**
 * Maps one appointment to one external event. Unique on
 * `(connectionId, calendarId, externalEventId)`.
 */
export interface EventLink {
  readonly appointmentId: string;
  readonly connectionId: string;
  readonly calendarId: string;
  readonly externalEventId: string;
  readonly iCalUID: string | null;
  /** Provider series id (Google `recurringEventId`, Graph `seriesMasterId`) for instances. */
  readonly seriesExternalId: string | null;
  readonly originalStart: OriginalStart | null;
  /** Google etag, Graph `@odata.etag`, CalDAV etag: sent as `If-Match`. */
  readonly etag: string | null;
  /**
   * The base snapshot: the remote content this link has last incorporated. After a push
   * succeeds it equals what both sides hold. `null` before anything was agreed.
   */
  readonly base: EventContent | null;
  /** Provider modification time of the remote version in `base`; older replays are ignored. */
  readonly remoteUpdatedAt: InstantUTC | null;
  readonly state: LinkState;
  /** Chosen before the first create call so retries never create twice. */
  readonly idempotencyKey: string | null;
}

import type { EventContent } from '../model/event.js';
import type { InstantUTC, OriginalStart } from '../model/time.js';

/**
 * One external event as an adapter returns it, already in canonical form. Provider details the
 * engine does not model stay in `raw` for the adapter's own round-trips.
 */
export interface RemoteEvent {
  /** Provider event id (Google `id`, Graph `id`, CalDAV href). */
  readonly externalId: string;
  readonly calendarId: string;
  /** Opaque version tag sent back as `If-Match`. */
  readonly etag: string;
  /** RFC 5545 UID; the resync matching key. */
  readonly iCalUID: string | null;
  /** Set on instances and exceptions: Google `recurringEventId`, Graph `seriesMasterId`. */
  readonly seriesExternalId: string | null;
  readonly originalStart: OriginalStart | null;
  /** Provider modification time (Google `updated`, Graph `lastModifiedDateTime`, LAST-MODIFIED). */
  readonly updatedAt: InstantUTC;
  /** The id we stamped on our own writes (private extended property / X- property), if any. */
  readonly calsyncAppointmentId: string | null;
  readonly content: EventContent;
  /** iCalendar properties / provider fields not modelled, preserved for round-trips. */
  readonly extraProperties: readonly string[];
}

/** Why an item was reported removed. */
export type RemovalReason = 'deleted' | 'cancelled' | 'left_window';

/** One change in a pull page. */
export type RemoteChange =
  | { readonly kind: 'upsert'; readonly event: RemoteEvent }
  | {
      readonly kind: 'removed';
      readonly externalId: string;
      readonly calendarId: string;
      /** For a cancelled instance of a live series. */
      readonly seriesExternalId: string | null;
      readonly originalStart: OriginalStart | null;
      readonly reason: RemovalReason;
      /** When the provider says the removal happened, if it does. */
      readonly removedAt: InstantUTC | null;
    };

/** A remote item the adapter could not understand: skipped, reported, never fatal. */
export interface PullIssue {
  readonly externalId: string | null;
  readonly reason: string;
  /** A short excerpt of the raw item for the admin's failed-items view. */
  readonly excerpt: string;
}

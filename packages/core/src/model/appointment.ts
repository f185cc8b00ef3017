import type { EventContent } from './event.js';
import type { InstantUTC, OriginalStart } from './time.js';

/** Where an appointment came from. */
export type AppointmentSource = 'host' | 'google' | 'microsoft' | 'caldav';

/**
 * The canonical event, owned by Calsync. Host-owned ones carry `hostRef`; imported ones carry
 * the provider in `source`. Overrides of a recurring series are child appointments with
 * `seriesAppointmentId` and `originalStart`.
 */
export interface Appointment extends EventContent {
  readonly id: string;
  /** RFC 5545 UID, the cross-system key (Google `iCalUID`, CalDAV UID). */
  readonly uid: string;
  readonly hostRef: string | null;
  readonly source: AppointmentSource;
  /** The parent series when this appointment overrides one instance. */
  readonly seriesAppointmentId: string | null;
  readonly originalStart: OriginalStart | null;
  /** Bumped on every internal change. */
  readonly version: number;
  /** Last modification on our side; used by most-recent-wins. */
  readonly updatedAt: InstantUTC;
  /** Soft deletion: appointments are never hard-deleted while a link exists. */
  readonly deletedAt: InstantUTC | null;
  /** iCalendar properties we do not model, kept verbatim (content lines) for round-trips. */
  readonly extraProperties: readonly string[];
}

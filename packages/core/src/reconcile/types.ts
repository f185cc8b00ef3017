import type { Appointment } from '../model/appointment.js';
import type { ContentField, EventContent } from '../model/event.js';
import type { EventLink } from '../model/link.js';
import type { InstantRange, InstantUTC } from '../model/time.js';
import type { PrivacyLevel } from '../privacy.js';
import type { CalendarProvider } from '../provider/contract.js';
import type { RemoteChange } from '../provider/remote.js';
import type { Side } from './merge.js';

/** A connection's sync direction. */
export type SyncDirection = 'bidirectional' | 'import_only' | 'export_only';

/** What a remote deletion does to the appointment. */
export type RemovalPolicy = 'soft_delete' | 'mark_external_removed';

/** Per-connection settings reconcile obeys. */
export interface ReconcilePolicy {
  readonly direction: SyncDirection;
  readonly removal: RemovalPolicy;
  /**
   * Privacy level of what we write to this calendar. Pass `full` for appointments that were
   * imported from this same calendar (they are the user's own events).
   */
  readonly privacy: PrivacyLevel;
  /** Removals of appointments entirely outside the window are "left the window", not deletions. */
  readonly window: InstantRange | null;
}

/** Everything one reconcile step needs; all of it is data. */
export interface ReconcileInput {
  readonly change: RemoteChange;
  readonly connectionId: string;
  /** The connection's provider; recorded as `source` on imported appointments. */
  readonly provider: CalendarProvider;
  /** The link found by external id (or by iCalUID + original start on a full resync). */
  readonly link: EventLink | null;
  /** The linked appointment's current internal state. */
  readonly appointment: Appointment | null;
  /** For a remote instance: the appointment of its series, if known. */
  readonly seriesAppointment: Appointment | null;
  readonly policy: ReconcilePolicy;
  readonly now: InstantUTC;
  /** Id for an appointment this step creates (called at most once). */
  readonly newAppointmentId: () => string;
}

/** The row of the decision table (SPEC.md) a step took. */
export type ReconcileDecision =
  | 'create_internal'
  | 'ignore_unknown_removal'
  | 'ignore_import_disabled'
  | 'ignore_stale_replay'
  | 'noop_in_sync'
  | 'push_internal'
  | 'apply_remote'
  | 'merge_disjoint'
  | 'conflict_auto_resolved'
  | 'remove_soft_delete'
  | 'remove_mark_external_removed'
  | 'remove_outside_window'
  | 'conflict_edit_vs_remote_delete'
  | 'conflict_delete_vs_remote_edit'
  | 'both_deleted'
  | 'export_only_overwrite';

/** What must be written to the provider after this step. */
export type PushIntent = 'none' | 'update' | 'delete' | 'create';

/** The stored record of a conflict: all three versions plus the auto-resolution. */
export interface ConflictRecord {
  readonly appointmentId: string;
  readonly connectionId: string;
  readonly calendarId: string;
  readonly externalEventId: string;
  readonly kind: 'fields' | 'edit_vs_remote_delete' | 'delete_vs_remote_edit';
  readonly fields: readonly ContentField[];
  readonly internal: EventContent | null;
  readonly external: EventContent | null;
  readonly base: EventContent | null;
  readonly internalUpdatedAt: InstantUTC | null;
  readonly externalUpdatedAt: InstantUTC | null;
  /** Most-recent-wins by modification time; ties go to the internal side. */
  readonly autoResolution: Side;
  readonly detectedAt: InstantUTC;
}

/** The next state after one step. The caller persists it (appointment, link, conflict, push job). */
export interface ReconcileResult {
  readonly decision: ReconcileDecision;
  /** The appointment after the step (`null` when none exists or was created). */
  readonly appointment: Appointment | null;
  readonly appointmentChanged: boolean;
  readonly link: EventLink | null;
  readonly push: PushIntent;
  /** The payload to push (privacy applied) when `push` is `update` or `create`. */
  readonly pushContent: EventContent | null;
  readonly conflict: ConflictRecord | null;
}

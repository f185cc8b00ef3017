import type { Tx } from '../db/connect.js';
import type { AppointmentRow } from '../store/appointments.js';

/** What happened to an appointment on the host side. */
export type AppointmentChangeKind = 'created' | 'updated' | 'deleted';

/**
 * How host-side changes reach the sync engine. Called inside the transaction that wrote the
 * change, so the push jobs it enqueues commit (or roll back) with it.
 */
export interface SyncHooks {
  appointmentChanged(
    tx: Tx,
    appointment: AppointmentRow,
    kind: AppointmentChangeKind,
  ): Promise<void>;
}

/** Hooks that schedule nothing (a process without providers, some tests). */
export const NO_SYNC_HOOKS: SyncHooks = {
  appointmentChanged: async () => undefined,
};

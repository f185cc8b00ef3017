import { syncWindowRange, type ReconcileDecision, type RemoteChange } from '@calsync/core';
import type { Tx } from '../db/connect.js';
import type { ProviderSession } from '../providers/session.js';
import type { CalendarRow } from '../store/calendars.js';
import { startApplyBatch } from './apply-batch.js';
import { applyRemoteChange } from './apply-change.js';
import type { SyncRuntime } from './runtime.js';

/**
 * Applies one remote change inside `tx`, the way a pull applies a page of one: for a push that
 * learns something about the remote event (gone, or changed by someone else) while writing it.
 * Returns the decision taken.
 */
export async function applySingleChange(
  rt: SyncRuntime,
  tx: Tx,
  input: {
    session: ProviderSession;
    calendar: CalendarRow;
    attemptId: string;
    correlationId: string;
  },
  change: RemoteChange,
): Promise<ReconcileDecision> {
  const batch = await startApplyBatch(tx, input.calendar.id, [change]);
  const decision = await applyRemoteChange(
    rt,
    tx,
    {
      connection: input.session.connection,
      recurrence: input.session.adapter.capabilities.recurrence,
      calendar: input.calendar,
      window: syncWindowRange(rt.ctx.now(), rt.options.window),
      batch,
      attemptId: input.attemptId,
      correlationId: input.correlationId,
    },
    change,
  );
  await batch.finish();
  return decision;
}

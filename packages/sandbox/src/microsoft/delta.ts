import type { StoredCalendar } from './model.js';
import { calendarViewOf } from './occurrences.js';
import type { MicrosoftEmulatorSettings } from './settings.js';
import type { DeltaItem, DeltaPaging, DeltaRound, MicrosoftState } from './state.js';

/** A fresh round for a window the client has never synced. */
export function initialRound(
  state: MicrosoftState,
  calendar: StoredCalendar,
  userId: string,
  windowStartMs: number,
  windowEndMs: number,
): DeltaRound {
  return {
    userId,
    calendarId: calendar.id,
    windowStartMs,
    windowEndMs,
    seen: new Map(),
    generation: state.syncGenerations.get(userId) ?? 0,
  };
}

/** True when `expire(…, 'sync_tokens')` happened after the round was issued. */
export function isExpired(state: MicrosoftState, round: DeltaRound): boolean {
  return round.generation < (state.syncGenerations.get(round.userId) ?? 0);
}

/**
 * Computes what changed in the window since `round`: new or changed instances in full, and
 * `@removed` for instances that were deleted or left the window.
 */
export function computeDelta(
  state: MicrosoftState,
  settings: MicrosoftEmulatorSettings,
  round: DeltaRound,
  pageSize: number,
): DeltaPaging {
  const current = state
    .eventsIn(round.calendarId)
    .flatMap((event) => calendarViewOf(event, round.windowStartMs, round.windowEndMs));
  const items: DeltaItem[] = [];
  const seen = new Map<string, string>();
  for (const view of current) {
    seen.set(view.id, view.changeKey);
    if (round.seen.get(view.id) !== view.changeKey) items.push({ kind: 'upsert', view });
  }
  for (const id of round.seen.keys()) {
    if (!seen.has(id)) items.push({ kind: 'removed', id });
  }
  if (settings.deltaReplays) items.push(...items.filter((item) => item.kind === 'upsert'));
  return { next: { ...round, seen }, items, pageSize };
}

import type { OriginalStart } from '@calsync/core';
import { originalStartKey } from '@calsync/core';

/**
 * The id pull and push give a cancelled slot of a series: Graph keeps no item for it, so it is
 * named `{masterId}#{original start key}`, the same in both directions and on every round.
 *
 * @example
 * cancelledSlotId('AAMk…', { kind: 'instant', atUTC: '2026-03-24T14:00:00.000Z' })
 * // 'AAMk…#i:2026-03-24T14:00:00.000Z'
 */
export function cancelledSlotId(masterId: string, originalStart: OriginalStart): string {
  return `${masterId}#${originalStartKey(originalStart)}`;
}

/** Inverse of {@link cancelledSlotId}: the master id, or `null` for any other id. */
export function masterOfCancelledSlot(id: string): string | null {
  const match = /^(.+)#[idf]:[^#]+$/.exec(id);
  return match ? match[1]! : null;
}

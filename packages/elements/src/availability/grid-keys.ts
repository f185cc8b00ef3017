/** A position in the week grid: day 0–6 (Monday first), slot 0… within the day. */
export interface GridPosition {
  day: number;
  slot: number;
}

/** What a key does in the grid. */
export type GridKeyAction =
  | { readonly kind: 'move'; readonly to: GridPosition }
  | { readonly kind: 'week'; readonly weeks: -1 | 1 }
  | { readonly kind: 'select' };

/**
 * The ARIA grid pattern's keys: arrows move one cell, Home/End go to the first/last slot of the
 * day (with Ctrl, of the week), Page Up/Down change week, Enter and Space select. Other keys do
 * nothing (undefined), so Tab leaves the grid.
 *
 * @example
 * gridKeyAction({ key: 'ArrowRight', ctrlKey: false }, { day: 0, slot: 3 }, 10)
 * // { kind: 'move', to: { day: 1, slot: 3 } }
 */
export function gridKeyAction(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey'>,
  at: GridPosition,
  slotsPerDay: number,
): GridKeyAction | undefined {
  const move = (day: number, slot: number): GridKeyAction => ({
    kind: 'move',
    to: { day: Math.max(0, Math.min(6, day)), slot: Math.max(0, Math.min(slotsPerDay - 1, slot)) },
  });
  switch (event.key) {
    case 'ArrowRight':
      return move(at.day + 1, at.slot);
    case 'ArrowLeft':
      return move(at.day - 1, at.slot);
    case 'ArrowDown':
      return move(at.day, at.slot + 1);
    case 'ArrowUp':
      return move(at.day, at.slot - 1);
    case 'Home':
      return move(event.ctrlKey ? 0 : at.day, 0);
    case 'End':
      return move(event.ctrlKey ? 6 : at.day, slotsPerDay - 1);
    case 'PageUp':
      return { kind: 'week', weeks: -1 };
    case 'PageDown':
      return { kind: 'week', weeks: 1 };
    case 'Enter':
    case ' ':
      return { kind: 'select' };
    default:
      return undefined;
  }
}

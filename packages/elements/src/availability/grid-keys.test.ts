import { describe, expect, it } from 'vitest';
import { gridKeyAction } from './grid-keys.js';

const key = (k: string, ctrlKey = false) => ({ key: k, ctrlKey });

describe('gridKeyAction', () => {
  it('moves one cell with the arrows and stops at the edges', () => {
    expect(gridKeyAction(key('ArrowRight'), { day: 2, slot: 4 }, 10)).toEqual({
      kind: 'move',
      to: { day: 3, slot: 4 },
    });
    expect(gridKeyAction(key('ArrowLeft'), { day: 0, slot: 4 }, 10)).toEqual({
      kind: 'move',
      to: { day: 0, slot: 4 },
    });
    expect(gridKeyAction(key('ArrowDown'), { day: 6, slot: 9 }, 10)).toEqual({
      kind: 'move',
      to: { day: 6, slot: 9 },
    });
    expect(gridKeyAction(key('ArrowUp'), { day: 6, slot: 9 }, 10)).toEqual({
      kind: 'move',
      to: { day: 6, slot: 8 },
    });
  });
  it('jumps within the day with Home/End, and within the week with Ctrl', () => {
    expect(gridKeyAction(key('Home'), { day: 3, slot: 5 }, 10)).toEqual({
      kind: 'move',
      to: { day: 3, slot: 0 },
    });
    expect(gridKeyAction(key('End', true), { day: 3, slot: 5 }, 10)).toEqual({
      kind: 'move',
      to: { day: 6, slot: 9 },
    });
  });
  it('changes week with Page Up/Down, selects with Enter and Space, ignores the rest', () => {
    expect(gridKeyAction(key('PageUp'), { day: 0, slot: 0 }, 10)).toEqual({
      kind: 'week',
      weeks: -1,
    });
    expect(gridKeyAction(key('PageDown'), { day: 0, slot: 0 }, 10)).toEqual({
      kind: 'week',
      weeks: 1,
    });
    expect(gridKeyAction(key(' '), { day: 0, slot: 0 }, 10)).toEqual({ kind: 'select' });
    expect(gridKeyAction(key('Enter'), { day: 0, slot: 0 }, 10)).toEqual({ kind: 'select' });
    expect(gridKeyAction(key('Tab'), { day: 0, slot: 0 }, 10)).toBeUndefined();
  });
});

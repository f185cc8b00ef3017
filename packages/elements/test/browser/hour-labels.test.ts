import { describe, expect, it } from 'vitest';
import { createFakeClient, sampleData } from '../../src/testing.js';
import { mount, NOW, shadow } from './helpers.js';

/** Each row header's box beside the box of the slot row it labels. */
async function rowBoxes(attributes: Record<string, string>) {
  const client = createFakeClient(sampleData({ now: NOW, timeZone: 'Europe/Berlin' }));
  const element = await mount(
    'calsync-availability',
    { client },
    { 'time-zone': 'Europe/Berlin', ...attributes },
  );
  const root = shadow(element);
  const labels = [...root.querySelectorAll<HTMLElement>('[role="rowheader"]')];
  const rows = [...root.querySelectorAll('[role="row"]')].slice(1);
  expect(labels.length).toBe(rows.length);
  return labels.map((label, index) => {
    const cells = [...rows[index]!.querySelectorAll('[role="gridcell"]')];
    const range = document.createRange();
    range.selectNodeContents(label);
    return {
      text: label.textContent!.trim(),
      label: label.getBoundingClientRect(),
      words: range.getBoundingClientRect(),
      cells: cells.map((cell) => cell.getBoundingClientRect()),
    };
  });
}

describe('<calsync-availability> hour labels', () => {
  it.each([
    ['hourly slots', {}, 10],
    ['half-hour slots', { 'slot-minutes': '30' }, 20],
    ['a narrow element', { style: 'width: 360px; display: block' }, 10],
  ])('line up with the rows they label (%s)', async (_name, attributes, expectedRows) => {
    const boxes = await rowBoxes(attributes);
    expect(boxes).toHaveLength(expectedRows);
    for (const { text, label, words, cells } of boxes) {
      expect(cells).toHaveLength(7);
      for (const cell of cells) {
        expect(Math.abs(label.top - cell.top), `${text}: top`).toBeLessThanOrEqual(1);
        expect(Math.abs(label.bottom - cell.bottom), `${text}: bottom`).toBeLessThanOrEqual(1);
      }
      // The words sit inside their row, in its upper half, next to the line at its top.
      expect(words.top, `${text}: text inside its row`).toBeGreaterThanOrEqual(label.top - 1);
      expect(words.bottom, `${text}: text in the upper half`).toBeLessThanOrEqual(
        label.top + label.height / 2 + 1,
      );
    }
  });
});

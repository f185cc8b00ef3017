import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../../src/locales/de.js';
import { createFakeClient, sampleData } from '../../src/testing.js';
import { mount, NOW, settle, shadow } from './helpers.js';

/** The narrowest phone the elements are made for. */
const WIDTH = 390;
const HEIGHT = 844;
/** WCAG 2.2 target size (minimum), in CSS pixels. */
const MIN_TARGET = 24;

const INTERACTIVE =
  'button, a[href], input, select, textarea, summary, [role="gridcell"], [tabindex="0"]';

/** Everything in `root`, shadow roots of nested elements included. */
function allElements(root: ParentNode): Element[] {
  const found: Element[] = [];
  for (const element of root.querySelectorAll('*')) {
    found.push(element);
    if (element.shadowRoot) found.push(...allElements(element.shadowRoot));
  }
  return found;
}

const isRendered = (element: Element) => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
};

/** What breaks the element at this width: overflow, clipped text, small tap targets. */
function problems(host: HTMLElement): string[] {
  const found: string[] = [];
  const name = (element: Element) =>
    `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).trim().replace(/\s+/g, '.')}` : ''}` +
    `${element.getAttribute('part') ? `[part=${element.getAttribute('part')}]` : ''}`;
  if (host.scrollWidth > host.clientWidth) {
    found.push(
      `${host.tagName}: scrollWidth ${host.scrollWidth} > clientWidth ${host.clientWidth}`,
    );
  }
  const hostBox = host.getBoundingClientRect();
  if (hostBox.right > WIDTH + 0.5) found.push(`${host.tagName}: right edge at ${hostBox.right}`);
  for (const element of allElements(shadow(host))) {
    if (!isRendered(element) || element.closest('.visually-hidden')) continue;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (box.right > WIDTH + 0.5 || box.left < -0.5) {
      found.push(`${name(element)}: outside the viewport (${box.left}–${box.right})`);
    }
    const clips = style.overflowX !== 'visible' || style.textOverflow === 'ellipsis';
    if (clips && element.textContent?.trim()) {
      if (element.scrollWidth > element.clientWidth + 1) {
        found.push(
          `${name(element)}: content ${element.scrollWidth}px wide in ${element.clientWidth}px (“${element.textContent.trim().slice(0, 40)}”)`,
        );
      }
      if (style.overflowY !== 'visible' && element.scrollHeight > element.clientHeight + 1) {
        found.push(
          `${name(element)}: content ${element.scrollHeight}px high in ${element.clientHeight}px`,
        );
      }
    }
    if (element.matches(INTERACTIVE)) {
      const target = (element.closest('label') ?? element).getBoundingClientRect();
      if (target.width < MIN_TARGET || target.height < MIN_TARGET) {
        found.push(
          `${name(element)}: tap target ${Math.round(target.width)}×${Math.round(target.height)}`,
        );
      }
    }
  }
  return found;
}

describe(`every element at ${WIDTH}×${HEIGHT}`, () => {
  beforeAll(async () => {
    await page.viewport(WIDTH, HEIGHT);
    document.body.style.margin = '0';
  });
  afterAll(() => {
    document.body.style.margin = '';
  });

  const cases: [string, () => Promise<HTMLElement>][] = [
    [
      'connect button, disconnected',
      () => mount('calsync-connect-button', { client: createFakeClient({}) }),
    ],
    [
      'connect button, connected',
      () => mount('calsync-connect-button', { client: createFakeClient(sampleData({ now: NOW })) }),
    ],
    [
      'connect button, iCloud credential form',
      async () => {
        const element = await mount(
          'calsync-connect-button',
          { client: createFakeClient({}) },
          { provider: 'icloud' },
        );
        shadow(element).querySelector<HTMLButtonElement>('button')?.click();
        await settle(element);
        return element;
      },
    ],
    [
      'sync status with its details open',
      () =>
        mount(
          'calsync-sync-status',
          { client: createFakeClient(sampleData({ now: NOW })) },
          {
            open: '',
          },
        ),
    ],
    [
      'conflict resolver',
      () =>
        mount('calsync-conflict-resolver', { client: createFakeClient(sampleData({ now: NOW })) }),
    ],
    [
      'availability',
      () =>
        mount(
          'calsync-availability',
          { client: createFakeClient(sampleData({ now: NOW, timeZone: 'Europe/Berlin' })) },
          { 'time-zone': 'Europe/Berlin' },
        ),
    ],
    [
      'availability in German',
      () =>
        mount(
          'calsync-availability',
          { client: createFakeClient(sampleData({ now: NOW, timeZone: 'Europe/Berlin' })) },
          { 'time-zone': 'Europe/Berlin', locale: 'de' },
        ),
    ],
    [
      'calendar picker',
      () =>
        mount('calsync-calendar-picker', { client: createFakeClient(sampleData({ now: NOW })) }),
    ],
  ];

  it.each(cases)(
    '%s: no horizontal overflow, no clipped text, tap targets ≥ 24 px',
    async (_name, make) => {
      const element = await make();
      expect(window.innerWidth).toBe(WIDTH);
      expect(problems(element)).toEqual([]);
      expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(WIDTH);
    },
  );
});

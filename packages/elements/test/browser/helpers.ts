import { afterEach } from 'vitest';
import { defineCalsyncElements } from '../../src/registry.js';
import type { CalsyncClientLike } from '../../src/core/client.js';

defineCalsyncElements();

const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

/** A fixed "now" for every test: Wednesday 4 March 2026, 10:00 UTC. */
export const NOW = new Date('2026-03-04T10:00:00Z');

/**
 * Creates `tag` with `properties`, adds it to the page, and waits for its first render and its
 * first load to settle.
 */
export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<HTMLElementTagNameMap[K]> & { client?: CalsyncClientLike },
  attributes: Record<string, string> = {},
): Promise<HTMLElementTagNameMap[K]> {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  Object.assign(element, { now: () => NOW, ...properties });
  document.body.append(element);
  mounted.push(element);
  await settle(element);
  return element;
}

/** Waits until pending client answers and re-renders are done. */
export async function settle(element: HTMLElement & { updateComplete?: Promise<boolean> }) {
  for (let round = 0; round < 5; round++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await element.updateComplete;
  }
}

/** Records every event named `type` that reaches `document`. */
export function recordEvents<K extends keyof GlobalEventHandlersEventMap>(
  type: K,
): GlobalEventHandlersEventMap[K][] {
  const seen: GlobalEventHandlersEventMap[K][] = [];
  const listener = (event: GlobalEventHandlersEventMap[K]) => seen.push(event);
  document.addEventListener(type, listener);
  afterEach(() => document.removeEventListener(type, listener));
  return seen;
}

/** The element's shadow root, typed. */
export function shadow(element: HTMLElement): ShadowRoot {
  return element.shadowRoot!;
}

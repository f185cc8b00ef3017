import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { calsyncElements, defineCalsyncElements } from '../../src/registry.js';
import { createFakeClient, sampleData } from '../../src/testing.js';
import { mount, NOW, settle } from './helpers.js';

describe('registration and shared behaviour', () => {
  it('defines every tag, and defining twice is harmless', () => {
    defineCalsyncElements();
    defineCalsyncElements();
    for (const [tag, elementClass] of Object.entries(calsyncElements)) {
      expect(customElements.get(tag)).toBe(elementClass);
    }
  });

  it('booleans default to false and no element fires events on its own', async () => {
    const seen: string[] = [];
    const types = [
      'calsync-connect',
      'calsync-disconnect',
      'calsync-sync',
      'calsync-resolve',
      'calsync-slot-select',
      'calsync-week-change',
      'calsync-calendar-change',
      'calsync-error',
      'calsync-reconnect',
    ];
    const listener = (e: Event) => seen.push(e.type);
    for (const type of types) document.addEventListener(type, listener);
    const client = createFakeClient(sampleData({ now: NOW }));
    const status = await mount('calsync-sync-status', { client });
    expect(status.open).toBe(false);
    for (const tag of Object.keys(calsyncElements) as (keyof typeof calsyncElements)[]) {
      await mount(tag, { client });
    }
    client.emit({ type: 'integration.updated', data: { id: 'int-google-1' } });
    await settle(status);
    expect(seen).toEqual([]);
    for (const type of types) document.removeEventListener(type, listener);
  });

  it('opens one stream per client, and closes it when the last element leaves', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const a = await mount('calsync-sync-status', { client });
    const b = await mount('calsync-availability', { client });
    expect(client.subscriberCount).toBe(1);
    a.remove();
    expect(client.subscriberCount).toBe(1);
    b.remove();
    expect(client.subscriberCount).toBe(0);
  });

  it('accepts a page-wide translation and per-element overrides', async () => {
    const { setCalsyncStrings, defaultStrings } = await import('../../src/core/strings.js');
    const client = createFakeClient(sampleData({ now: NOW }));
    const element = await mount('calsync-sync-status', { client });
    setCalsyncStrings({ syncNow: 'Jetzt synchronisieren' });
    await settle(element);
    await expect.element(page.getByRole('button', { name: 'Jetzt synchronisieren' })).toBeVisible();
    element.strings = { syncNow: 'Sync' };
    await settle(element);
    await expect.element(page.getByRole('button', { name: 'Sync', exact: true })).toBeVisible();
    setCalsyncStrings(defaultStrings);
  });

  it('can be themed through design tokens and parts', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const style = document.createElement('style');
    style.textContent = `
      calsync-sync-status { --calsync-color-accent: rgb(255, 0, 0); }
      calsync-sync-status::part(sync-button) { border-radius: 0px; }`;
    document.head.append(style);
    const element = await mount('calsync-sync-status', { client });
    const button = element.shadowRoot!.querySelector<HTMLElement>('[part="sync-button"]')!;
    expect(getComputedStyle(button).borderRadius).toBe('0px');
    expect(getComputedStyle(element).getPropertyValue('--accent').trim()).toBe('rgb(255, 0, 0)');
    style.remove();
  });
});

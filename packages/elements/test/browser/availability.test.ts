import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createFakeClient, sampleData } from '../../src/testing.js';
import { mount, NOW, recordEvents, settle, shadow } from './helpers.js';

const focusedLabel = (element: HTMLElement) =>
  shadow(element).activeElement?.getAttribute('aria-label');

describe('<calsync-availability>', () => {
  it('draws the week of busy blocks in the viewer’s zone, with the last-synced time', async () => {
    const client = createFakeClient(sampleData({ now: NOW, timeZone: 'Europe/Berlin' }));
    const element = await mount(
      'calsync-availability',
      { client },
      { 'time-zone': 'Europe/Berlin' },
    );
    await expect.element(page.getByRole('grid')).toBeVisible();
    await expect.element(page.getByRole('heading', { name: /Mar 2\s*–\s*8, 2026/ })).toBeVisible();
    await expect.element(page.getByText('Synced 4 minutes ago')).toBeVisible();
    await expect
      .element(page.getByText('Times in Central European Standard Time').first())
      .toBeVisible();
    expect(shadow(element).querySelectorAll('[part="busy-block"]')).toHaveLength(8);
    const query = client.calls.find((c) => c.method === 'availability.get')?.args[0];
    expect(query).toEqual({ from: '2026-03-01T23:00:00.000Z', to: '2026-03-08T23:00:00.000Z' });
    await expect
      .element(page.getByRole('gridcell', { name: 'Monday, March 2, 9:00 – 10:00 AM, busy' }))
      .toBeVisible();
    await expect
      .element(page.getByRole('gridcell', { name: 'Monday, March 2, 10:00 – 11:00 AM, free' }))
      .toBeVisible();
  });

  it('shows the same busy time at other wall-clock hours in another zone', async () => {
    const client = createFakeClient(sampleData({ now: NOW, timeZone: 'Europe/Berlin' }));
    await mount('calsync-availability', { client }, { 'time-zone': 'UTC' });
    await expect
      .element(page.getByRole('gridcell', { name: 'Monday, March 2, 8:00 – 9:00 AM, busy' }))
      .toBeVisible();
  });

  it('moves between slots with the keyboard, one tab stop in all', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const selects = recordEvents('calsync-slot-select');
    const element = await mount('calsync-availability', { client }, { 'time-zone': 'UTC' });
    expect(shadow(element).querySelectorAll('[role="gridcell"][tabindex="0"]')).toHaveLength(1);
    await page.getByRole('gridcell', { name: 'Monday, March 2, 8:00 – 9:00 AM, free' }).click();
    expect(selects.map((e) => e.detail)).toEqual([
      { start: '2026-03-02T08:00:00.000Z', end: '2026-03-02T09:00:00.000Z', busy: false },
    ]);
    await userEvent.keyboard('{ArrowDown}');
    await settle(element);
    expect(focusedLabel(element)).toBe('Monday, March 2, 9:00 – 10:00 AM, busy');
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await settle(element);
    expect(focusedLabel(element)).toBe('Wednesday, March 4, 9:00 – 10:00 AM, busy');
    await userEvent.keyboard('{End}');
    await settle(element);
    expect(focusedLabel(element)).toBe('Wednesday, March 4, 5:00 – 6:00 PM, free');
    await userEvent.keyboard('{Home}');
    await settle(element);
    expect(focusedLabel(element)).toBe('Wednesday, March 4, 8:00 – 9:00 AM, free');
    await userEvent.keyboard('{ArrowLeft}{ArrowLeft}{ArrowLeft}{ArrowUp}');
    await settle(element);
    expect(focusedLabel(element)).toBe('Monday, March 2, 8:00 – 9:00 AM, free');
    await userEvent.keyboard('{Enter}');
    expect(selects).toHaveLength(2);
    expect(shadow(element).querySelectorAll('[role="gridcell"][tabindex="0"]')).toHaveLength(1);
  });

  it('changes week with Page Down and the toolbar, and tells the host', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const weeks = recordEvents('calsync-week-change');
    const element = await mount('calsync-availability', { client }, { 'time-zone': 'UTC' });
    await page.getByRole('gridcell', { name: 'Monday, March 2, 8:00 – 9:00 AM, free' }).click();
    await userEvent.keyboard('{PageDown}');
    await settle(element);
    expect(focusedLabel(element)).toBe('Monday, March 9, 8:00 – 9:00 AM, free');
    expect(element.weekStart).toBe('2026-03-09');
    expect(shadow(element).querySelectorAll('[part="busy-block"]')).toHaveLength(0);
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('button', { name: 'Previous week' }).click();
    await settle(element);
    expect(weeks.map((e) => e.detail.weekStart)).toEqual([
      '2026-03-09',
      '2026-03-02',
      '2026-02-23',
    ]);
    await page.getByRole('button', { name: 'Today' }).click();
    await settle(element);
    expect(element.weekStart).toBe('2026-03-02');
    const queries = client.calls.filter((c) => c.method === 'availability.get');
    expect(queries.map((c) => (c.args[0] as { from: string }).from)).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
      '2026-02-23T00:00:00.000Z',
      '2026-03-02T00:00:00.000Z',
    ]);
  });

  it('Sync now syncs every active connection and reloads when the stream says it is done', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const syncs = recordEvents('calsync-sync');
    const element = await mount('calsync-availability', { client }, { 'time-zone': 'UTC' });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await settle(element);
    expect(element.matches(':state(syncing)')).toBe(true);
    expect(syncs.map((e) => e.detail.integrationId)).toEqual(['int-google-1']);
    client.data.busy.push({
      start: '2026-03-06T16:00:00Z',
      end: '2026-03-06T17:00:00Z',
      source: 'google',
    });
    client.completeSync('int-google-1');
    await settle(element);
    expect(element.matches(':state(syncing)')).toBe(false);
    await expect
      .element(page.getByRole('gridcell', { name: 'Friday, March 6, 4:00 – 5:00 PM, busy' }))
      .toBeVisible();
  });

  it('follows new bookings live, without firing events', async () => {
    const client = createFakeClient(sampleData({ now: NOW }));
    const selects = recordEvents('calsync-slot-select');
    const element = await mount('calsync-availability', { client }, { 'time-zone': 'UTC' });
    client.data.busy.push({
      start: '2026-03-07T10:00:00Z',
      end: '2026-03-07T11:00:00Z',
      source: 'appointment',
    });
    client.emit({ type: 'appointment.created', data: { id: 'a1' } });
    await settle(element);
    await expect
      .element(page.getByRole('gridcell', { name: 'Saturday, March 7, 10:00 – 11:00 AM, busy' }))
      .toBeVisible();
    expect(selects).toHaveLength(0);
  });
});

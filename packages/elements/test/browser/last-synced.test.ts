import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient, sampleData } from '../../src/testing.js';
import { mount, NOW, settle, shadow } from './helpers.js';

const lastSyncedText = (element: HTMLElement) =>
  shadow(element).querySelector('[part="last-synced"]')?.textContent?.trim();

describe('the availability grid and the sync-status badge', () => {
  it('say the same about when the calendar last synced (the connection’s lastSyncAt)', async () => {
    // Busy times fetched just now, the calendar last synced four minutes ago.
    const data = { ...sampleData({ now: NOW }), fetchedAt: NOW.toISOString() };
    const client = createFakeClient(data, { now: () => NOW });
    const badge = await mount('calsync-sync-status', { client });
    const grid = await mount('calsync-availability', { client });
    expect(lastSyncedText(badge)).toBe('Synced 4 minutes ago');
    expect(lastSyncedText(grid)).toBe(lastSyncedText(badge));
  });

  it('still agree after a sync finishes', async () => {
    const later = new Date(NOW.getTime() + 60_000);
    const client = createFakeClient(sampleData({ now: NOW }), { now: () => NOW });
    const badge = await mount('calsync-sync-status', { client, now: () => later });
    const grid = await mount('calsync-availability', { client, now: () => later });
    client.completeSync('int-google-1');
    await settle(badge);
    await settle(grid);
    expect(lastSyncedText(badge)).toBe('Synced 1 minute ago');
    expect(lastSyncedText(grid)).toBe(lastSyncedText(badge));
  });

  describe('as time passes', () => {
    afterEach(() => vi.useRealTimers());

    it('both word it again, and still agree', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      let clock = NOW;
      const client = createFakeClient(sampleData({ now: NOW }), { now: () => NOW });
      const badge = await mount('calsync-sync-status', { client, now: () => clock });
      const grid = await mount('calsync-availability', { client, now: () => clock });
      expect(lastSyncedText(grid)).toBe('Synced 4 minutes ago');
      clock = new Date(NOW.getTime() + 10 * 60_000);
      vi.advanceTimersByTime(30_000);
      await settle(badge);
      await settle(grid);
      expect(lastSyncedText(badge)).toBe('Synced 14 minutes ago');
      expect(lastSyncedText(grid)).toBe(lastSyncedText(badge));
    });
  });
});

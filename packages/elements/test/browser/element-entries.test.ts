import { describe, expect, it } from 'vitest';
// This file must not import helpers.ts, which registers every tag.
import { CalsyncSyncStatus } from '../../src/entries/sync-status.js';

describe('a per-element entry (@calsync/elements/sync-status)', () => {
  it('registers its own tag and no other', () => {
    expect(customElements.get('calsync-sync-status')).toBe(CalsyncSyncStatus);
    for (const other of [
      'calsync-connect-button',
      'calsync-conflict-resolver',
      'calsync-availability',
      'calsync-calendar-picker',
    ]) {
      expect(customElements.get(other), other).toBeUndefined();
    }
  });

  it('upgrades the element on the page', async () => {
    const element = document.createElement('calsync-sync-status');
    document.body.append(element);
    await element.updateComplete;
    expect(element).toBeInstanceOf(CalsyncSyncStatus);
    expect(element.shadowRoot).not.toBeNull();
    element.remove();
  });
});

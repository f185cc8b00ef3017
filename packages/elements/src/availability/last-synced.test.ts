import { describe, expect, it } from 'vitest';
import { calendarsLastSyncedAt } from './last-synced.js';

describe('calendarsLastSyncedAt', () => {
  it('is the one connection’s lastSyncAt', () => {
    expect(
      calendarsLastSyncedAt([{ syncStatus: 'active', lastSyncAt: '2026-03-04T09:56:00Z' }]),
    ).toBe('2026-03-04T09:56:00Z');
  });

  it('is the oldest of several, compared as instants', () => {
    expect(
      calendarsLastSyncedAt([
        { syncStatus: 'active', lastSyncAt: '2026-03-04T09:56:00Z' },
        { syncStatus: 'error', lastSyncAt: '2026-03-04T10:30:00+02:00' },
        { syncStatus: 'active', lastSyncAt: '2026-03-04T09:00:00Z' },
      ]),
    ).toBe('2026-03-04T10:30:00+02:00');
  });

  it('leaves out disconnected and never-synced connections; null when nothing synced', () => {
    expect(
      calendarsLastSyncedAt([
        { syncStatus: 'disconnected', lastSyncAt: '2026-03-01T00:00:00Z' },
        { syncStatus: 'active', lastSyncAt: null },
        { syncStatus: 'active', lastSyncAt: '2026-03-04T09:56:00Z' },
      ]),
    ).toBe('2026-03-04T09:56:00Z');
    expect(calendarsLastSyncedAt([{ syncStatus: 'active', lastSyncAt: null }])).toBeNull();
    expect(calendarsLastSyncedAt([])).toBeNull();
  });
});

import type { InstantRange } from './model/time.js';

/** How far back and ahead of "now" events are synced. */
export interface SyncWindowConfig {
  readonly daysBack: number;
  readonly daysAhead: number;
}

/** 30 days back, 90 ahead. */
export const DEFAULT_SYNC_WINDOW: SyncWindowConfig = { daysBack: 30, daysAhead: 90 };

const DAY_MS = 86_400_000;

/**
 * The concrete window for a clock reading. The clock is an argument, never read here.
 *
 * @example
 * syncWindowRange(new Date('2026-06-01T00:00:00Z'))
 * // { startsAtUTC: '2026-05-02T00:00:00.000Z', endsAtUTC: '2026-08-30T00:00:00.000Z' }
 */
export function syncWindowRange(
  now: Date,
  config: SyncWindowConfig = DEFAULT_SYNC_WINDOW,
): InstantRange {
  if (config.daysBack < 0 || config.daysAhead < 0)
    throw new RangeError('sync window days must be >= 0');
  const nowMs = now.getTime();
  return {
    startsAtUTC: new Date(nowMs - config.daysBack * DAY_MS).toISOString(),
    endsAtUTC: new Date(nowMs + config.daysAhead * DAY_MS).toISOString(),
  };
}

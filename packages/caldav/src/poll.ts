/** Default polling interval of CalDAV calendars (no push channel exists for third parties). */
export const DEFAULT_POLL_INTERVAL_SECONDS = 300;

/** Share of the interval the jitter may move a poll either way. */
export const POLL_JITTER_RATIO = 0.1;

/**
 * When to poll a calendar next: `intervalSeconds` after the last poll, moved by up to ±10 %
 * so that calendars connected at the same moment do not poll in lock step (iCloud throttles
 * bursts). `random` returns [0, 1) and is injected for tests.
 *
 * @example
 * nextPollAt(new Date('2026-03-01T10:00:00Z'), 300, () => 0.5) // 2026-03-01T10:05:00.000Z
 */
export function nextPollAt(
  lastPolledAt: Date,
  intervalSeconds = DEFAULT_POLL_INTERVAL_SECONDS,
  random: () => number = Math.random,
): Date {
  if (!(intervalSeconds > 0)) throw new RangeError('intervalSeconds must be > 0');
  const jitter = (random() * 2 - 1) * POLL_JITTER_RATIO;
  return new Date(lastPolledAt.getTime() + Math.round(intervalSeconds * (1 + jitter) * 1000));
}

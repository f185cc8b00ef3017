import { CALDAV_FLAVOURS, nextPollAt, type CalDAVFlavour } from '@calsync/caldav';

/**
 * When a CalDAV calendar should be polled next: the flavour's interval (5 minutes; iCloud
 * throttles clients that poll more eagerly) moved by up to ±10 % so calendars connected together
 * do not poll in lock step. CalDAV has no push channel for third parties, so this is the only
 * way changes made elsewhere arrive.
 *
 * @example
 * calDAVNextPollAt('icloud', new Date('2026-03-01T10:00:00Z'), { random: () => 0.5 }); // 10:05:00
 */
export function calDAVNextPollAt(
  flavour: CalDAVFlavour,
  lastPolledAt: Date,
  options: { intervalSeconds?: number; random?: () => number } = {},
): Date {
  return nextPollAt(
    lastPolledAt,
    options.intervalSeconds ?? CALDAV_FLAVOURS[flavour].pollIntervalSeconds,
    options.random,
  );
}

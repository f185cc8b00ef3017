import type { CalendarProvider, EventContent } from '@calsync/core';
import type { EventLinkRow } from '../store/event-links.js';

/**
 * Teams meetings on Outlook events cannot be taken off again: Graph ignores
 * `isOnlineMeeting: false` once it made the meeting (PROTOCOLS.md §2.5). Removing one means
 * deleting the event and creating it anew without the meeting. The push does that in steps a
 * crash may interrupt anywhere, so the replacement is written into the link before any call:
 * the link becomes `pending_create` under a new key (a new Graph `transactionId`), and its
 * idempotency key also names the event it replaces. The push deletes that event, then creates
 * the new one; a retry deletes again (already gone is fine) and its create returns the same new
 * event, and a pull meanwhile does not tie the old event's removal to the appointment.
 */

const REPLACES = ' replaces ';

/** Whether the provider keeps a Teams meeting on an event whatever later writes say. */
function keepsOnlineMeetings(provider: CalendarProvider): boolean {
  return provider === 'microsoft';
}

/**
 * True when pushing `content` over the provider's copy (`link.base_snapshot`) would have to
 * drop a Teams meeting the provider will not drop: the event must be recreated instead. Only
 * single events: recreating a series master would orphan its exceptions.
 *
 * @example
 * if (dropsStickyOnlineMeeting('microsoft', link, content)) action = 'recreate';
 */
export function dropsStickyOnlineMeeting(
  provider: CalendarProvider,
  link: Pick<EventLinkRow, 'base_snapshot' | 'series_external_id' | 'original_start' | 'state'>,
  content: EventContent,
): boolean {
  if (!keepsOnlineMeetings(provider) || link.state === 'pending_create') return false;
  if (link.series_external_id !== null || link.original_start !== null) return false;
  const base = link.base_snapshot;
  if (!base || base.meeting?.provider !== 'teams' || (base.recurrence?.lines.length ?? 0) > 0) {
    return false;
  }
  if ((content.recurrence?.lines.length ?? 0) > 0) return false;
  return content.meeting?.provider !== 'teams';
}

/**
 * The idempotency key of a replacement create: the new key, naming the event it replaces.
 *
 * @example
 * replacementKey('5f0c…', 'AAMkAG…') // '5f0c… replaces AAMkAG…'
 */
export function replacementKey(key: string, replacedEventId: string): string {
  return `${key}${REPLACES}${replacedEventId}`;
}

/** The event a `pending_create` link replaces (see {@link replacementKey}); null for a plain create. */
export function replacedEventOf(
  link: Pick<EventLinkRow, 'state' | 'idempotency_key'>,
): string | null {
  if (link.state !== 'pending_create' || !link.idempotency_key) return null;
  const at = link.idempotency_key.indexOf(REPLACES);
  return at < 0 ? null : link.idempotency_key.slice(at + REPLACES.length);
}

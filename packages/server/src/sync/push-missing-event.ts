import type { RemoteChange } from '@calsync/core';
import type { EventLinkRow } from '../store/event-links.js';
import type { CalendarRow } from '../store/calendars.js';
import type { ProviderSession } from '../providers/session.js';
import { applySingleChange } from './apply-single.js';
import type { SyncRuntime } from './runtime.js';

/**
 * The earliest the deletion can have happened: the last time we saw or wrote the event. The
 * provider's 404 says no more, so an edit made since then counts as the newer side.
 */
function earliestRemoval(link: EventLinkRow): string | null {
  const seen = [link.last_pulled_at, link.last_pushed_at, link.remote_updated_at]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  return seen.length > 0 ? new Date(Math.max(...seen)).toISOString() : null;
}

/**
 * An update found the event gone (404): it was deleted in the calendar since we last read it.
 * The push applies that removal as a pull would have — the same reconcile, so our edit against
 * the deletion is a recorded conflict settled by the connection's policy: an edit made since we
 * last saw the event is newer, and the event is recreated under a new key (by the push the
 * reconcile queues); otherwise the removal policy applies. Returns the decision taken.
 */
export async function applyMissingEvent(
  rt: SyncRuntime,
  input: {
    session: ProviderSession;
    link: EventLinkRow;
    calendar: CalendarRow;
    attemptId: string;
    correlationId: string;
  },
): Promise<string> {
  const { ctx } = rt;
  const change: RemoteChange = {
    kind: 'removed',
    externalId: input.link.external_event_id,
    calendarId: input.calendar.provider_calendar_id,
    seriesExternalId: input.link.series_external_id,
    originalStart: input.link.original_start,
    reason: 'deleted',
    removedAt: earliestRemoval(input.link),
  };
  return ctx.sql.begin((tx) => applySingleChange(rt, tx, input, change));
}

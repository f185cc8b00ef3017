import type { InstantRange } from '@calsync/core';
import type { ProviderSession } from '../providers/session.js';
import type { CalendarRow } from '../store/calendars.js';
import type { EventLinkRow } from '../store/event-links.js';
import { applyMissingEvent } from './push-missing-event.js';
import type { SyncRuntime } from './runtime.js';

/** Events asked for per round at most (one provider request each). */
const MAX_CHECKS_PER_ROUND = 20;

/**
 * After a complete pull round: the events Calsync created in this calendar that no pull has ever
 * reported, created before the round began and inside its window. A round that began after the
 * create lists such an event as new — unless it is gone: Graph's delta says nothing of an event
 * created and deleted between two rounds (a feed may also just lag). So each is asked for by id.
 * Gone: the deletion is reconciled as a pull would have (the removal policy, or a recreate when
 * the appointment was edited since). There: marked as seen, never asked for again. Series and
 * their instances are left to the feed (their occurrences, not their ids, are what it lists).
 * Returns how many deletions were found.
 */
export async function confirmUnreportedRemovals(
  rt: SyncRuntime,
  input: {
    session: ProviderSession;
    calendar: CalendarRow;
    window: InstantRange;
    roundStartedAt: Date;
    attemptId: string;
    correlationId: string;
  },
): Promise<number> {
  const { adapter } = input.session;
  if (!adapter.eventExists) return 0;
  const { sql } = rt.ctx;
  const links = await sql<EventLinkRow[]>`
    select l.* from event_links l join appointments a on a.id = l.appointment_id
    where l.calendar_id = ${input.calendar.id} and l.state = 'synced'
      and l.last_pulled_at is null and l.last_pushed_at < ${input.roundStartedAt}
      and l.series_external_id is null and l.original_start is null
      and cardinality(a.recurrence) = 0 and a.deleted_at is null
      and a.starts_at < ${input.window.endsAtUTC} and a.ends_at > ${input.window.startsAtUTC}
    order by l.last_pushed_at
    limit ${MAX_CHECKS_PER_ROUND}`;
  let removed = 0;
  for (const link of links) {
    const exists = await adapter.eventExists({
      calendarId: input.calendar.provider_calendar_id,
      externalId: link.external_event_id,
    });
    if (exists) {
      await sql`update event_links set last_pulled_at = ${rt.ctx.now()} where id = ${link.id}`;
      continue;
    }
    removed++;
    await applyMissingEvent(rt, {
      session: input.session,
      link,
      calendar: input.calendar,
      attemptId: input.attemptId,
      correlationId: input.correlationId,
    });
  }
  return removed;
}

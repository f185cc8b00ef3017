import type { Context } from 'hono';
import { requireRead } from './access.js';
import type { GraphDeps, GraphEnv } from './deps.js';
import { itemNotFound } from './errors.js';
import type { EventView, StoredCalendar } from './model.js';
import { findView } from './occurrences.js';

/**
 * The calendar a scoped path addresses: `/calendars/{id}` or, without an id, the target's default
 * calendar. A calendar shared with the target counts as one of theirs.
 */
export function addressedCalendar(deps: GraphDeps, c: Context<GraphEnv>): StoredCalendar {
  const target = c.get('target');
  const calendarId = c.req.param('calendarId');
  const calendar =
    calendarId === undefined
      ? deps.state.defaultCalendar(target.id)
      : deps.state.calendars.get(calendarId);
  if (!calendar) throw itemNotFound();
  if (calendar.ownerUserId !== target.id && !calendar.permissions.has(target.id))
    throw itemNotFound();
  return requireRead(c.get('caller'), calendar);
}

/** The event a path addresses, checked against the calendar in the path (if any) and the caller's rights. */
export function addressedEvent(
  deps: GraphDeps,
  c: Context<GraphEnv>,
): { view: EventView; calendar: StoredCalendar } {
  const view = findView(deps.state, c.req.param('eventId') ?? '');
  if (!view) throw itemNotFound();
  const calendarId = c.req.param('calendarId');
  if (calendarId !== undefined && view.event.calendarId !== calendarId) throw itemNotFound();
  const calendar = requireRead(c.get('caller'), deps.state.calendars.get(view.event.calendarId));
  return { view, calendar };
}

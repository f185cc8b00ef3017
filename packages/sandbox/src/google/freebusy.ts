import { formatInZone, hasOffset, isValidTimeZone } from '../shared/zoned-time.js';
import { GoogleApiError, invalidParameter } from './errors.js';
import { generatedInstances, isMaster } from './event-list.js';
import { eventSpan } from './event-writes.js';
import type { GoogleRuntime } from './runtime.js';
import type { GoogleCalendar } from './types.js';

const DAY_MS = 86_400_000;
/** Longest range Google accepts (the exact cut is undocumented; about three months). */
const MAX_RANGE_DAYS = 90;
const MAX_CALENDARS = 50;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function instant(body: Record<string, unknown>, name: string): number {
  const value = body[name];
  if (typeof value !== 'string')
    throw new GoogleApiError(400, 'required', 'Required', { location: name });
  const ms = Date.parse(value);
  if (!hasOffset(value) || Number.isNaN(ms))
    throw invalidParameter(name, `Invalid value for: ${name}`);
  return ms;
}

function busyOf(
  rt: GoogleRuntime,
  calendar: GoogleCalendar,
  fromMs: number,
  toMs: number,
): [number, number][] {
  const spans: [number, number][] = [];
  for (const event of calendar.events.values()) {
    if (event.status === 'cancelled' || event.fields.transparency === 'transparent') continue;
    const occurrences = isMaster(event) ? generatedInstances(rt, calendar, event, toMs) : [event];
    for (const occurrence of occurrences) {
      if (occurrence.fields.transparency === 'transparent') continue;
      const span = eventSpan(occurrence, calendar);
      if (span === undefined || span.endMs <= fromMs || span.startMs >= toMs) continue;
      spans.push([Math.max(span.startMs, fromMs), Math.min(span.endMs, toMs)]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

/** `freeBusy.query`: busy blocks per calendar, failures per calendar in `errors`. */
export function queryFreeBusy(
  rt: GoogleRuntime,
  ownerEmail: string,
  body: unknown,
): Record<string, unknown> {
  if (!isObject(body)) throw new GoogleApiError(400, 'parseError', 'Parse Error');
  const fromMs = instant(body, 'timeMin');
  const toMs = instant(body, 'timeMax');
  if (toMs <= fromMs)
    throw new GoogleApiError(400, 'timeRangeEmpty', 'The specified time range is empty.', {
      location: 'timeMax',
    });
  if (toMs - fromMs > MAX_RANGE_DAYS * DAY_MS) {
    throw new GoogleApiError(400, 'invalid', 'The requested time range is too long.', {
      location: 'timeMax',
    });
  }
  const timeZone =
    typeof body.timeZone === 'string' && isValidTimeZone(body.timeZone) ? body.timeZone : 'UTC';
  const expansionMax =
    typeof body.calendarExpansionMax === 'number' ? body.calendarExpansionMax : MAX_CALENDARS;
  if (expansionMax > MAX_CALENDARS) {
    throw invalidParameter(
      'calendarExpansionMax',
      'Invalid calendarExpansionMax value: at most 50.',
    );
  }
  const items = Array.isArray(body.items) ? body.items : [];
  const calendars: Record<string, unknown> = {};
  items.forEach((item: unknown, index) => {
    const id = isObject(item) && typeof item.id === 'string' ? item.id : '';
    if (index >= expansionMax) {
      calendars[id] = {
        errors: [{ domain: 'usageLimits', reason: 'tooManyCalendarsRequested' }],
        busy: [],
      };
      return;
    }
    // Free/busy of any sandbox calendar is readable, as within one Workspace domain.
    const calendar = rt.state.calendars.get(id === 'primary' ? ownerEmail : id);
    if (calendar === undefined) {
      calendars[id] = { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
      return;
    }
    calendars[id] = {
      busy: busyOf(rt, calendar, fromMs, toMs).map(([start, end]) => ({
        start: formatInZone(start, timeZone),
        end: formatInZone(end, timeZone),
      })),
    };
  });
  return {
    kind: 'calendar#freeBusy',
    timeMin: new Date(fromMs).toISOString(),
    timeMax: new Date(toMs).toISOString(),
    groups: {},
    calendars,
  };
}

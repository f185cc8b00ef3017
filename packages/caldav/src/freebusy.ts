import {
  type BusyInterval,
  type EventTime,
  type FreeBusyRequest,
  type RemoteEvent,
  expandSeries,
  localToUTC,
  parseLocal,
} from '@calsync/core';
import type { DAVTransport } from './dav/transport.js';
import { textOf } from './dav/multistatus.js';
import { calendarQueryBody } from './dav/xml.js';
import { readResource } from './ics/read.js';

/** Dependencies of {@link freeBusy}. */
export interface FreeBusyDependencies {
  readonly transport: DAVTransport;
  readonly now: () => Date;
  /** Zone for all-day and floating events (CalDAV leaves them zoneless). */
  readonly floatingTimeZone: string;
}

/**
 * Busy intervals from the events themselves: one calendar-query over the range, then local
 * expansion of recurrences with their overrides. Server free-busy-query is not used: Xandikos
 * 0.2.8 does not expand series in it, Radicale 3.1.8 does not implement it.
 *
 * @example
 * const busy = await freeBusy(deps, { calendarIds: [calendarUrl], range });
 */
export async function freeBusy(
  deps: FreeBusyDependencies,
  request: FreeBusyRequest,
): Promise<BusyInterval[]> {
  const result: BusyInterval[] = [];
  for (const calendarId of request.calendarIds) {
    const answer = await deps.transport.multistatus(
      'REPORT',
      calendarId,
      calendarQueryBody(request.range, true),
      { depth: '1' },
    );
    const events: RemoteEvent[] = [];
    for (const entry of answer.entries) {
      const text = textOf(entry.props.calendarData);
      if (text)
        events.push(
          ...readResource({ href: entry.url, calendarId, text, now: deps.now() }).events.map(
            (e) => e.remote,
          ),
        );
    }
    for (const event of events) {
      if (
        event.seriesExternalId !== null &&
        events.some((e) => e.externalId === event.seriesExternalId && e.content.recurrence)
      )
        continue;
      for (const time of occurrencesOf(event, events, request.range)) {
        const interval = toInstants(time, deps.floatingTimeZone);
        if (
          !interval ||
          interval.endsAtUTC <= request.range.startsAtUTC ||
          interval.startsAtUTC >= request.range.endsAtUTC
        )
          continue;
        result.push({
          calendarId,
          ...interval,
          status: event.content.status === 'tentative' ? 'tentative' : 'busy',
        });
      }
    }
  }
  return result.sort((a, b) => a.startsAtUTC.localeCompare(b.startsAtUTC));
}

function occurrencesOf(
  event: RemoteEvent,
  all: readonly RemoteEvent[],
  range: FreeBusyRequest['range'],
): EventTime[] {
  if (event.content.transparency === 'transparent' || event.content.status === 'cancelled')
    return [];
  if (!event.content.recurrence) return [event.content.time];
  const overrides = all
    .filter((o) => o.seriesExternalId === event.externalId && o.originalStart)
    .map((o) => ({
      originalStart: o.originalStart!,
      time: o.content.time,
      status: o.content.transparency === 'transparent' ? ('cancelled' as const) : o.content.status,
    }));
  return expandSeries({
    time: event.content.time,
    recurrence: event.content.recurrence,
    window: range,
    overrides,
  }).occurrences.map((o) => o.time);
}

function toInstants(
  time: EventTime,
  zone: string,
): { startsAtUTC: string; endsAtUTC: string } | null {
  if (time.kind === 'zoned') return { startsAtUTC: time.startsAtUTC, endsAtUTC: time.endsAtUTC };
  const [start, end] =
    time.kind === 'all_day'
      ? [time.startDate, time.endDate]
      : [time.startsAtLocal, time.endsAtLocal];
  const startLocal = parseLocal(start);
  const endLocal = parseLocal(end);
  if (!startLocal || !endLocal) return null;
  return {
    startsAtUTC: new Date(localToUTC(zone, startLocal)).toISOString(),
    endsAtUTC: new Date(localToUTC(zone, endLocal)).toISOString(),
  };
}

import type { BusyInterval, FreeBusyRequest, InstantRange } from '@calsync/core';
import { NonRetryableProviderError, normalizeEmail } from '@calsync/core';
import type { GraphCalendar } from './calendars.js';
import { LIST_PAGE_SIZE, SCHEDULE_INTERVAL_MINUTES, SCHEDULE_MAX_DAYS } from './facts.js';
import type { GraphApi } from './graph/client.js';
import { calendarPath, windowQuery } from './graph/paths.js';
import type { GraphDateTimeTimeZone, GraphPage, GraphShowAs } from './mapping/graph-types.js';
import { instantFromGraph } from './mapping/time.js';

/** `showAs` → busy status; free and working-elsewhere do not block a slot. */
export const BUSY_STATUS_FOR_SHOW_AS: Readonly<Record<GraphShowAs, BusyInterval['status'] | null>> =
  {
    free: null,
    workingElsewhere: null,
    tentative: 'tentative',
    busy: 'busy',
    oof: 'out_of_office',
    unknown: 'busy',
  };

const DAY_MS = 86_400_000;

interface ScheduleItem {
  readonly status?: GraphShowAs;
  readonly start?: GraphDateTimeTimeZone;
  readonly end?: GraphDateTimeTimeZone;
}

interface ScheduleInformation {
  readonly scheduleId?: string;
  readonly scheduleItems?: readonly ScheduleItem[];
  readonly error?: { readonly message?: string; readonly responseCode?: string };
}

interface BusyItem extends ScheduleItem {
  readonly showAs?: GraphShowAs;
  readonly isCancelled?: boolean;
}

function interval(
  calendarId: string,
  item: ScheduleItem,
  showAs: GraphShowAs | undefined,
): BusyInterval | null {
  const status = BUSY_STATUS_FOR_SHOW_AS[showAs ?? 'busy'];
  const startMs = instantFromGraph(item.start);
  const endMs = instantFromGraph(item.end);
  if (!status || startMs === null || endMs === null || endMs <= startMs) return null;
  return {
    calendarId,
    startsAtUTC: new Date(startMs).toISOString(),
    endsAtUTC: new Date(endMs).toISOString(),
    status,
  };
}

/** Splits a range into getSchedule-sized pieces (62 days at most). */
export function scheduleChunks(range: InstantRange): InstantRange[] {
  const chunks: InstantRange[] = [];
  const endMs = Date.parse(range.endsAtUTC);
  for (
    let startMs = Date.parse(range.startsAtUTC);
    startMs < endMs;
    startMs += SCHEDULE_MAX_DAYS * DAY_MS
  ) {
    chunks.push({
      startsAtUTC: new Date(startMs).toISOString(),
      endsAtUTC: new Date(Math.min(endMs, startMs + SCHEDULE_MAX_DAYS * DAY_MS)).toISOString(),
    });
  }
  return chunks;
}

/** `POST /me/calendar/getSchedule` for one mailbox (its default calendar). */
export async function scheduleBusy(
  graph: GraphApi,
  calendarId: string,
  mailbox: string,
  range: InstantRange,
): Promise<BusyInterval[]> {
  const busy: BusyInterval[] = [];
  for (const chunk of scheduleChunks(range)) {
    const answer = await graph.post<GraphPage<ScheduleInformation>>(
      '/me/calendar/getSchedule',
      {
        schedules: [mailbox],
        startTime: { dateTime: chunk.startsAtUTC.replace(/Z$/, ''), timeZone: 'UTC' },
        endTime: { dateTime: chunk.endsAtUTC.replace(/Z$/, ''), timeZone: 'UTC' },
        availabilityViewInterval: SCHEDULE_INTERVAL_MINUTES,
      },
      { action: 'getSchedule' },
    );
    for (const schedule of answer.value ?? []) {
      if (schedule.error) {
        throw new NonRetryableProviderError(
          `getSchedule for ${mailbox}: ${schedule.error.message ?? 'error'}`,
          schedule.error.responseCode ? { providerCode: schedule.error.responseCode } : {},
        );
      }
      for (const item of schedule.scheduleItems ?? []) {
        const mapped = interval(calendarId, item, item.status);
        if (mapped) busy.push(mapped);
      }
    }
  }
  return busy;
}

/** Busy blocks of any readable calendar, from its calendarView. */
export async function calendarViewBusy(
  graph: GraphApi,
  calendarId: string,
  range: InstantRange,
): Promise<BusyInterval[]> {
  const busy: BusyInterval[] = [];
  let link: string | undefined =
    `${calendarPath(calendarId)}/calendarView?${windowQuery(range.startsAtUTC, range.endsAtUTC)}` +
    `&$select=showAs,start,end,isCancelled&$top=${LIST_PAGE_SIZE}`;
  while (link) {
    const page: GraphPage<BusyItem> = await graph.get<GraphPage<BusyItem>>(link, {
      action: 'calendarView for free/busy',
    });
    for (const item of page.value ?? []) {
      if (item.isCancelled) continue;
      const mapped = interval(calendarId, item, item.showAs);
      if (mapped) busy.push(mapped);
    }
    link = page['@odata.nextLink'];
  }
  return busy;
}

/**
 * Free/busy per calendar: the account's default calendar through getSchedule (what Outlook's
 * scheduling assistant shows), other calendars through their calendarView, and calendars shared
 * for free/busy only (calendarView refused) through getSchedule on their owner's mailbox.
 */
export async function freeBusy(
  graph: GraphApi,
  request: FreeBusyRequest,
  calendars: readonly GraphCalendar[],
  accountEmail: string,
): Promise<BusyInterval[]> {
  const results = await Promise.all(
    request.calendarIds.map(async (calendarId) => {
      const calendar = calendars.find((c) => c.id === calendarId);
      const owner = calendar?.owner?.address ? normalizeEmail(calendar.owner.address) : null;
      if (calendar?.isDefaultCalendar)
        return scheduleBusy(graph, calendarId, accountEmail, request.range);
      try {
        return await calendarViewBusy(graph, calendarId, request.range);
      } catch (error) {
        if (owner && error instanceof NonRetryableProviderError && error.status === 403) {
          return scheduleBusy(graph, calendarId, owner, request.range);
        }
        throw error;
      }
    }),
  );
  return results.flat().sort((a, b) => a.startsAtUTC.localeCompare(b.startsAtUTC));
}

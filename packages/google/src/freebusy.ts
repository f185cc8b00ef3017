import {
  type BusyInterval,
  type FreeBusyRequest,
  type InstantRange,
  TransientProviderError,
} from '@calsync/core';
import type { GoogleCalendarClient } from './client.js';
import { GOOGLE_LIMITS } from './endpoints.js';

const DAY_MS = 86_400_000;

/** Splits a range into pieces Google accepts (it refuses spans of about 90 days and more). */
export function freeBusyRanges(
  range: InstantRange,
  maxDays: number = GOOGLE_LIMITS.freeBusyMaxRangeDays,
): InstantRange[] {
  const startMs = Date.parse(range.startsAtUTC);
  const endMs = Date.parse(range.endsAtUTC);
  if (!(endMs > startMs)) return [];
  const pieces: InstantRange[] = [];
  for (let from = startMs; from < endMs; from += maxDays * DAY_MS) {
    const to = Math.min(endMs, from + maxDays * DAY_MS);
    pieces.push({
      startsAtUTC: new Date(from).toISOString(),
      endsAtUTC: new Date(to).toISOString(),
    });
  }
  return pieces;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * `freebusy.query` over the selected calendars, in as many calls as Google's limits need
 * (50 calendars, about two months per call). Per-calendar `errors`: `notFound` (calendar gone or
 * unshared) is skipped — the next calendar-list sync notices — while a backend error fails the
 * whole query as transient so the caller retries rather than trusting a partial answer.
 */
export async function queryFreeBusy(
  client: GoogleCalendarClient,
  request: FreeBusyRequest,
): Promise<BusyInterval[]> {
  const intervals: BusyInterval[] = [];
  for (const range of freeBusyRanges(request.range)) {
    for (const calendarIds of chunks(request.calendarIds, GOOGLE_LIMITS.freeBusyMaxCalendars)) {
      const answer = await client.call((api, options) =>
        api.freebusy.query(
          {
            requestBody: {
              timeMin: range.startsAtUTC,
              timeMax: range.endsAtUTC,
              timeZone: 'UTC',
              items: calendarIds.map((id) => ({ id })),
            },
          },
          options,
        ),
      );
      for (const calendarId of calendarIds) {
        const entry = answer.calendars?.[calendarId];
        const reasons = (entry?.errors ?? []).map((e) => e.reason ?? 'unknown');
        if (reasons.some((reason) => reason !== 'notFound')) {
          throw new TransientProviderError(
            `Google Calendar: free/busy for ${calendarId} failed (${reasons.join(', ')})`,
            { providerCode: reasons[0] ?? 'unknown' },
          );
        }
        for (const busy of entry?.busy ?? []) {
          if (!busy.start || !busy.end) continue;
          intervals.push({
            calendarId,
            startsAtUTC: new Date(Date.parse(busy.start)).toISOString(),
            endsAtUTC: new Date(Date.parse(busy.end)).toISOString(),
            status: 'busy',
          });
        }
      }
    }
  }
  return intervals;
}

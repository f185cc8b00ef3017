import { Hono } from 'hono';
import { decodeSyncToken, encodeSyncToken } from './cursor-tokens.js';
import { fullSyncRequired, invalidParameter } from './errors.js';
import { queryFreeBusy } from './freebusy.js';
import { accountOf, calendarOf, jsonBody, searchParams } from './request.js';
import type { GoogleRuntime } from './runtime.js';
import type { GoogleCalendar } from './types.js';

const CONFERENCE_PROPERTIES = { allowedConferenceSolutionTypes: ['hangoutsMeet'] };
const CALENDAR_LIST_TOKEN_SCOPE = 'calendarList';

function listEntry(calendar: GoogleCalendar): Record<string, unknown> {
  return {
    kind: 'calendar#calendarListEntry',
    etag: `"${calendar.id.length}0000000000"`,
    id: calendar.id,
    summary: calendar.summary,
    timeZone: calendar.timeZone,
    colorId: calendar.primary ? '14' : '9',
    backgroundColor: calendar.primary ? '#9fe1e7' : '#7bd148',
    foregroundColor: '#000000',
    selected: true,
    accessRole: 'owner',
    defaultReminders: calendar.defaultReminders,
    conferenceProperties: CONFERENCE_PROPERTIES,
    ...(calendar.primary ? { primary: true } : {}),
  };
}

/** `users/me/calendarList` and `calendars/{id}`. */
export function calendarRoutes(rt: GoogleRuntime): Hono {
  return new Hono()
    .get('/users/me/calendarList', (c) => {
      const account = accountOf(rt, c);
      const params = searchParams(c);
      const syncToken = params.get('syncToken');
      const entries = account.calendarIds.flatMap((id) => {
        const calendar = rt.state.calendars.get(id);
        return calendar === undefined ? [] : [listEntry(calendar)];
      });
      let items = entries;
      if (syncToken !== null) {
        if (params.has('minAccessRole')) {
          throw invalidParameter(
            'minAccessRole',
            'minAccessRole cannot be used together with syncToken.',
          );
        }
        const data = decodeSyncToken(syncToken);
        if (data?.c !== CALENDAR_LIST_TOKEN_SCOPE || data.e !== account.syncEpoch)
          throw fullSyncRequired();
        // Calendars of sandbox accounts do not change after creation.
        items = [];
      }
      return c.json({
        kind: 'calendar#calendarList',
        etag: `"${account.calendarIds.length}"`,
        items,
        nextSyncToken: encodeSyncToken({
          c: CALENDAR_LIST_TOKEN_SCOPE,
          s: 0,
          e: account.syncEpoch,
          t: rt.nowMs(),
        }),
      });
    })
    .get('/users/me/calendarList/:calendarId', (c) => {
      const account = accountOf(rt, c);
      return c.json(listEntry(calendarOf(rt, account, c.req.param('calendarId'))));
    })
    .get('/calendars/:calendarId', (c) => {
      const account = accountOf(rt, c);
      const calendar = calendarOf(rt, account, c.req.param('calendarId'));
      return c.json({
        kind: 'calendar#calendar',
        etag: `"${calendar.id.length}0000000000"`,
        id: calendar.id,
        summary: calendar.summary,
        timeZone: calendar.timeZone,
        conferenceProperties: CONFERENCE_PROPERTIES,
      });
    })
    .post('/freeBusy', async (c) => {
      const account = accountOf(rt, c);
      return c.json(queryFreeBusy(rt, account.email, await jsonBody(c)));
    });
}

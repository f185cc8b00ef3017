import { Hono } from 'hono';
import { GoogleApiError, notFound } from './errors.js';
import { listEvents, listInstances, purgeTombstones } from './event-list.js';
import { renderEvent } from './event-view.js';
import { deleteEvent, insertEvent, lookupEvent, updateEvent } from './event-writes.js';
import type { WriteParams } from './event-writes.js';
import { parseListQuery } from './list-query.js';
import { accountOf, calendarOf, jsonBody, searchParams } from './request.js';
import type { GoogleRuntime } from './runtime.js';
import type { GoogleCalendar, StoredEvent } from './types.js';
import type { WatchChannels } from './watch.js';
import { channelJson } from './watch.js';

/** `calendars/{calendarId}/events...`: list, get, insert, update, patch, delete, instances, watch. */
export function eventRoutes(rt: GoogleRuntime, channels: WatchChannels): Hono {
  const render = (event: StoredEvent, calendar: GoogleCalendar, timeZone?: string) =>
    renderEvent(event, calendar, { htmlBaseUrl: `${rt.ctx.providerBaseUrl()}/calendar`, timeZone });
  const writeParams = (params: URLSearchParams, ifMatch: string | undefined): WriteParams => ({
    conferenceDataVersion: Number(params.get('conferenceDataVersion') ?? 0),
    ifMatch,
  });
  const listEnvelope = (calendar: GoogleCalendar, timeZone: string | undefined) => ({
    kind: 'calendar#events',
    etag: `"${rt.state.currentChangeSeq()}"`,
    summary: calendar.summary,
    description: '',
    updated: new Date(rt.nowMs()).toISOString(),
    timeZone: timeZone ?? calendar.timeZone,
    accessRole: 'owner',
    defaultReminders: calendar.defaultReminders,
  });

  return new Hono()
    .get('/:calendarId/events', (c) => {
      const account = accountOf(rt, c);
      const calendar = calendarOf(rt, account, c.req.param('calendarId'));
      const query = parseListQuery(searchParams(c));
      const page = listEvents(rt, account, calendar, query);
      return c.json({ ...listEnvelope(calendar, query.timeZone), ...page });
    })
    .post('/:calendarId/events/watch', async (c) => {
      const account = accountOf(rt, c);
      const calendar = calendarOf(rt, account, c.req.param('calendarId'));
      parseListQuery(searchParams(c));
      return c.json(channelJson(channels.create(calendar, await jsonBody(c))));
    })
    .post('/:calendarId/events', async (c) => {
      const account = accountOf(rt, c);
      const calendar = calendarOf(rt, account, c.req.param('calendarId'));
      const event = insertEvent(
        rt,
        calendar,
        await jsonBody(c),
        writeParams(searchParams(c), undefined),
      );
      return c.json(render(event, calendar));
    })
    .get('/:calendarId/events/:eventId/instances', (c) => {
      const account = accountOf(rt, c);
      const calendar = calendarOf(rt, account, c.req.param('calendarId'));
      const master = calendar.events.get(c.req.param('eventId'));
      if (master === undefined) throw notFound();
      const params = searchParams(c);
      const originalStart = params.get('originalStart');
      params.delete('originalStart');
      const query = parseListQuery(params);
      const originalStartMs = originalStart === null ? undefined : Date.parse(originalStart);
      const page = listInstances(rt, account, calendar, master, { ...query, originalStartMs });
      return c.json({ ...listEnvelope(calendar, query.timeZone), ...page });
    })
    .get('/:calendarId/events/:eventId', (c) => {
      const account = accountOf(rt, c);
      const calendar = calendarOf(rt, account, c.req.param('calendarId'));
      purgeTombstones(rt, calendar);
      const event = lookupEvent(rt, calendar, c.req.param('eventId'));
      if (event === undefined) throw notFound();
      const ifNoneMatch = c.req.header('if-none-match');
      if (
        ifNoneMatch !== undefined &&
        ifNoneMatch.split(',').some((tag) => tag.trim() === event.etag)
      ) {
        return c.body(null, 304);
      }
      const timeZone = searchParams(c).get('timeZone') ?? undefined;
      return c.json(render(event, calendar, timeZone));
    })
    .put('/:calendarId/events/:eventId', async (c) => {
      const account = accountOf(rt, c);
      const calendar = calendarOf(rt, account, c.req.param('calendarId'));
      const params = writeParams(searchParams(c), c.req.header('if-match'));
      const event = updateEvent(
        rt,
        calendar,
        c.req.param('eventId'),
        await jsonBody(c),
        params,
        'put',
      );
      return c.json(render(event, calendar));
    })
    .patch('/:calendarId/events/:eventId', async (c) => {
      const account = accountOf(rt, c);
      const calendar = calendarOf(rt, account, c.req.param('calendarId'));
      const params = writeParams(searchParams(c), c.req.header('if-match'));
      const event = updateEvent(
        rt,
        calendar,
        c.req.param('eventId'),
        await jsonBody(c),
        params,
        'patch',
      );
      return c.json(render(event, calendar));
    })
    .delete('/:calendarId/events/:eventId', (c) => {
      const account = accountOf(rt, c);
      const calendar = calendarOf(rt, account, c.req.param('calendarId'));
      deleteEvent(rt, calendar, c.req.param('eventId'), c.req.header('if-match'));
      return c.body(null, 204);
    });
}

/** `channels/stop`. */
export function channelRoutes(rt: GoogleRuntime, channels: WatchChannels): Hono {
  return new Hono().post('/stop', async (c) => {
    accountOf(rt, c);
    const body = (await jsonBody(c)) as { id?: unknown; resourceId?: unknown };
    if (typeof body.id !== 'string' || typeof body.resourceId !== 'string') {
      throw new GoogleApiError(400, 'required', 'Required', { location: 'id' });
    }
    if (!channels.stop(body.id, body.resourceId)) {
      throw new GoogleApiError(404, 'notFound', `Channel '${body.id}' not found for project`);
    }
    return c.body(null, 204);
  });
}

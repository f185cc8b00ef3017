import type { Context } from 'hono';
import { requireWrite } from '../access.js';
import { addressedCalendar, addressedEvent } from '../calendar-lookup.js';
import type { GraphDeps } from '../deps.js';
import { GraphError } from '../errors.js';
import type { AttendeeReply } from '../event-service.js';
import { graphApp, pageBySkip, readJSONObject } from '../http.js';
import { instancesIn, storedView } from '../occurrences.js';
import { renderEvent, selectFields } from '../render.js';
import { parseLocalDateTime } from '../time.js';

const DEFAULT_PAGE_SIZE = 10;
const COLLECTIONS = ['/events', '/calendar/events', '/calendars/:calendarId/events'] as const;
const REPLIES: AttendeeReply[] = ['accept', 'tentativelyAccept', 'decline'];

/** Reads the required `startDateTime`/`endDateTime` query window (UTC unless offset given). */
export function queryWindow(c: Context): { fromMs: number; toMs: number } {
  const start = c.req.query('startDateTime');
  const end = c.req.query('endDateTime');
  if (!start || !end) {
    throw new GraphError(
      400,
      'ErrorInvalidParameter',
      'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
    );
  }
  return {
    fromMs: parseLocalDateTime(start, 'UTC', 'startDateTime'),
    toMs: parseLocalDateTime(end, 'UTC', 'endDateTime'),
  };
}

/** Events CRUD, actions and instances below `/me` or `/users/{id}`. */
export function eventRoutes(deps: GraphDeps) {
  const app = graphApp(deps);

  for (const path of COLLECTIONS) {
    app.get(path, (c) => {
      const calendar = addressedCalendar(deps, c);
      const render = c.get('render');
      const views = deps.state
        .eventsIn(calendar.id)
        .sort((a, b) => a.createdMs - b.createdMs)
        .map((event) =>
          selectFields(renderEvent(storedView(event), render), c.req.query('$select')),
        );
      return c.json(pageBySkip(c, deps, views, 'events', DEFAULT_PAGE_SIZE));
    });

    app.post(path, async (c) => {
      const calendar = requireWrite(c.get('caller'), addressedCalendar(deps, c));
      const body = await readJSONObject(c);
      const { event } = deps.events.create(c.get('caller'), calendar, body);
      return c.json(renderEvent(storedView(event), c.get('render')), 201);
    });

    app.get(`${path}/:eventId`, (c) => {
      const { view } = addressedEvent(deps, c);
      return c.json(selectFields(renderEvent(view, c.get('render')), c.req.query('$select')));
    });

    app.patch(`${path}/:eventId`, async (c) => {
      const { view, calendar } = addressedEvent(deps, c);
      requireWrite(c.get('caller'), calendar);
      const body = await readJSONObject(c);
      const updated = deps.events.update(view, body, c.req.header('if-match'));
      return c.json(renderEvent(updated, c.get('render')));
    });

    app.delete(`${path}/:eventId`, (c) => {
      const { view, calendar } = addressedEvent(deps, c);
      requireWrite(c.get('caller'), calendar);
      deps.events.delete(view, c.req.header('if-match'));
      return c.body(null, 204);
    });

    app.get(`${path}/:eventId/instances`, (c) => {
      const { view } = addressedEvent(deps, c);
      const { fromMs, toMs } = queryWindow(c);
      const render = c.get('render');
      const instances = view.type === 'seriesMaster' ? instancesIn(view.event, fromMs, toMs) : [];
      const rendered = instances.map((instance) =>
        selectFields(renderEvent(instance, render), c.req.query('$select')),
      );
      return c.json(pageBySkip(c, deps, rendered, 'events', DEFAULT_PAGE_SIZE));
    });

    for (const reply of REPLIES) {
      app.post(`${path}/:eventId/${reply}`, (c) => {
        const { view, calendar } = addressedEvent(deps, c);
        requireWrite(c.get('caller'), calendar);
        const owner = deps.state.users.get(calendar.ownerUserId) ?? c.get('caller');
        deps.events.reply(owner, view, reply);
        return c.body(null, 202);
      });
    }

    app.post(`${path}/:eventId/cancel`, (c) => {
      const { view, calendar } = addressedEvent(deps, c);
      requireWrite(c.get('caller'), calendar);
      deps.events.cancel(view);
      return c.body(null, 202);
    });
  }
  return app;
}

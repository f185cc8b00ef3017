import type { Context } from 'hono';
import { addressedCalendar } from '../calendar-lookup.js';
import { computeDelta, initialRound, isExpired } from '../delta.js';
import type { GraphDeps } from '../deps.js';
import { GraphError } from '../errors.js';
import { graphApp, graphPath, pageBySkip, publicURL, requestedPageSize } from '../http.js';
import { newToken } from '../ids.js';
import { calendarViewOf } from '../occurrences.js';
import { renderEvent, selectFields } from '../render.js';
import type { DeltaPaging, DeltaRound } from '../state.js';
import { queryWindow } from './events.js';

const VIEW_PATHS = [
  '/calendarView',
  '/calendar/calendarView',
  '/calendars/:calendarId/calendarView',
] as const;
const UNSUPPORTED_ON_DELTA = ['$select', '$expand', '$filter', '$orderby', '$search'];
const DEFAULT_PAGE_SIZE = 10;

function syncStateNotFound(deps: GraphDeps, c: Context, round: DeltaRound | undefined): GraphError {
  const headers: Record<string, string> = {};
  if (round) {
    headers.Location = publicURL(deps, `/v1.0${graphPath(c)}`, {
      startDateTime: new Date(round.windowStartMs).toISOString(),
      endDateTime: new Date(round.windowEndMs).toISOString(),
    });
  }
  return new GraphError(
    410,
    'SyncStateNotFound',
    'The sync state generation is not found; the delta token has expired. Restart the sync without a token.',
    headers,
  );
}

/** `calendarView` (occurrences expanded) and `calendarView/delta` below `/me` or `/users/{id}`. */
export function calendarViewRoutes(deps: GraphDeps) {
  const app = graphApp(deps);

  for (const path of VIEW_PATHS) {
    app.get(path, (c) => {
      const calendar = addressedCalendar(deps, c);
      const { fromMs, toMs } = queryWindow(c);
      const render = c.get('render');
      const views = deps.state
        .eventsIn(calendar.id)
        .flatMap((event) => calendarViewOf(event, fromMs, toMs))
        .sort((a, b) => a.fields.startMs - b.fields.startMs)
        .map((view) => selectFields(renderEvent(view, render), c.req.query('$select')));
      return c.json(pageBySkip(c, deps, views, 'events', DEFAULT_PAGE_SIZE));
    });

    app.get(`${path}/delta`, (c) => {
      const unsupported = UNSUPPORTED_ON_DELTA.filter((name) => c.req.query(name) !== undefined);
      if (unsupported.length > 0) {
        throw new GraphError(
          400,
          'ErrorInvalidUrlQuery',
          `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${unsupported.join(', ')}'.`,
        );
      }
      const calendar = addressedCalendar(deps, c);
      const deltaToken = c.req.query('$deltatoken');
      const skipToken = c.req.query('$skiptoken');
      let paging: DeltaPaging;
      let offset = 0;
      let emptyPage = false;
      if (skipToken) {
        const ref = deps.state.skipTokens.get(skipToken);
        if (!ref || isExpired(deps.state, ref.paging.next))
          throw syncStateNotFound(deps, c, ref?.paging.next);
        paging = ref.paging;
        offset = ref.offset;
      } else {
        let round: DeltaRound;
        if (deltaToken) {
          const stored = deps.state.deltaTokens.get(deltaToken);
          if (!stored || isExpired(deps.state, stored)) throw syncStateNotFound(deps, c, stored);
          round = stored;
        } else {
          const { fromMs, toMs } = queryWindow(c);
          round = initialRound(deps.state, calendar, c.get('target').id, fromMs, toMs);
        }
        paging = computeDelta(
          deps.state,
          deps.settings,
          round,
          requestedPageSize(c, deps.settings.deltaDefaultPageSize),
        );
        emptyPage = deps.settings.deltaEmptyPages;
      }
      const render = c.get('render');
      const page = emptyPage ? [] : paging.items.slice(offset, offset + paging.pageSize);
      const nextOffset = emptyPage ? offset : offset + page.length;
      const body: Record<string, unknown> = {
        '@odata.context': `${deps.ctx.providerBaseUrl()}/v1.0/$metadata#Collection(event)`,
        value: page.map((item) =>
          item.kind === 'upsert'
            ? renderEvent(item.view, render)
            : {
                '@odata.type': '#microsoft.graph.event',
                id: item.id,
                '@removed': { reason: 'deleted' },
              },
        ),
      };
      const path = `/v1.0${graphPath(c)}`;
      if (emptyPage || nextOffset < paging.items.length) {
        const token = newToken('');
        deps.state.skipTokens.set(token, { paging, offset: nextOffset });
        body['@odata.nextLink'] = publicURL(deps, path, { $skiptoken: token });
      } else {
        const token = newToken('');
        deps.state.deltaTokens.set(token, paging.next);
        body['@odata.deltaLink'] = publicURL(deps, path, { $deltatoken: token });
      }
      c.header('Preference-Applied', 'odata.track-changes', { append: true });
      if (c.get('prefer').has('odata.maxpagesize')) {
        c.header('Preference-Applied', `odata.maxpagesize=${paging.pageSize}`, { append: true });
      }
      return c.json(body);
    });
  }
  return app;
}

import type { GraphDeps } from '../deps.js';
import { GraphError } from '../errors.js';
import { graphApp, readJSONObject } from '../http.js';
import type { EventFields, EventView } from '../model.js';
import { calendarViewOf } from '../occurrences.js';
import { parseDateTimeTimeZone, toDateTimeTimeZone } from '../time.js';

const MAX_WINDOW_DAYS = 62;
const MS_PER_MINUTE = 60_000;

/** availabilityView digit per status; `rank` decides which status wins a slot. */
const STATUS: Record<EventFields['showAs'], { digit: string; rank: number }> = {
  free: { digit: '0', rank: 0 },
  unknown: { digit: '0', rank: 0 },
  workingElsewhere: { digit: '4', rank: 1 },
  tentative: { digit: '1', rank: 2 },
  busy: { digit: '2', rank: 3 },
  oof: { digit: '3', rank: 4 },
};

/**
 * One digit per interval from `fromMs`: the strongest status of the events overlapping it. Each
 * event marks only the slots it covers, so a mailbox of thousands of events over the 62-day
 * maximum stays linear.
 */
function availabilityView(
  views: EventView[],
  fromMs: number,
  toMs: number,
  intervalMs: number,
): string {
  const slots: EventFields['showAs'][] = new Array<EventFields['showAs']>(
    Math.ceil((toMs - fromMs) / intervalMs),
  ).fill('free');
  for (const { fields } of views) {
    // Slot i overlaps [start, end) when start < slot end and end > slot start.
    const first = Math.max(0, Math.floor((fields.startMs - fromMs) / intervalMs));
    const last = Math.min(slots.length, Math.ceil((fields.endMs - fromMs) / intervalMs));
    for (let i = first; i < last; i++) {
      if (STATUS[fields.showAs].rank > STATUS[slots[i]!].rank) slots[i] = fields.showAs;
    }
  }
  return slots.map((status) => STATUS[status].digit).join('');
}

/** `POST /calendar/getSchedule`: free/busy of several mailboxes. */
export function scheduleRoutes(deps: GraphDeps) {
  const app = graphApp(deps);
  app.post('/calendar/getSchedule', async (c) => {
    const body = await readJSONObject(c);
    if (!Array.isArray(body.schedules) || body.schedules.some((s) => typeof s !== 'string')) {
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        'schedules must be an array of SMTP addresses.',
      );
    }
    const { instantMs: fromMs } = parseDateTimeTimeZone(body.startTime, 'startTime');
    const { instantMs: toMs } = parseDateTimeTimeZone(body.endTime, 'endTime');
    if (toMs <= fromMs)
      throw new GraphError(400, 'ErrorInvalidRequest', 'endTime must be after startTime.');
    if (toMs - fromMs > MAX_WINDOW_DAYS * 24 * 60 * MS_PER_MINUTE) {
      throw new GraphError(
        400,
        'ErrorTimeIntervalTooBig',
        `The requested time duration exceeds the maximum of ${MAX_WINDOW_DAYS} days.`,
      );
    }
    const intervalMinutes = Number(body.availabilityViewInterval ?? 30);
    if (!Number.isInteger(intervalMinutes) || intervalMinutes < 5 || intervalMinutes > 1440) {
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        'availabilityViewInterval must be from 5 to 1440 minutes.',
      );
    }
    const zoneName = c.get('render').preferredZone ?? 'UTC';
    const value = (body.schedules as string[]).map((scheduleId) => {
      const user = deps.state.findUser(scheduleId);
      const calendar = user ? deps.state.defaultCalendar(user.id) : undefined;
      if (!user || !calendar) {
        return {
          scheduleId,
          availabilityView: '',
          scheduleItems: [],
          error: {
            message: `The specified user ${scheduleId} could not be found.`,
            responseCode: 'ErrorMailRecipientNotFound',
          },
        };
      }
      const views = deps.state
        .eventsIn(calendar.id)
        .flatMap((event) => calendarViewOf(event, fromMs, toMs))
        .filter((view) => !view.fields.isCancelled && view.fields.showAs !== 'free')
        .sort((a, b) => a.fields.startMs - b.fields.startMs);
      return {
        scheduleId,
        availabilityView: availabilityView(views, fromMs, toMs, intervalMinutes * MS_PER_MINUTE),
        scheduleItems: views.map(({ fields }) => {
          const isPrivate = fields.sensitivity === 'private';
          return {
            isPrivate,
            status: fields.showAs,
            ...(isPrivate
              ? {}
              : { subject: fields.subject, location: String(fields.location.displayName ?? '') }),
            start: toDateTimeTimeZone(fields.startMs, zoneName),
            end: toDateTimeTimeZone(fields.endMs, zoneName),
          };
        }),
        workingHours: {
          daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
          startTime: '08:00:00.0000000',
          endTime: '17:00:00.0000000',
          timeZone: { name: 'UTC' },
        },
      };
    });
    return c.json({
      '@odata.context': `${deps.ctx.providerBaseUrl()}/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)`,
      value,
    });
  });
  return app;
}

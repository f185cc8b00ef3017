import { occurrenceId, parseOccurrenceId } from './ids.js';
import type { EventView, StoredEvent } from './model.js';
import { expandRecurrenceDates } from './recurrence.js';
import type { MicrosoftState } from './state.js';
import { instantToWallMs, toIANAZone, wallToInstantMs } from './time.js';

const MS_PER_DAY = 86_400_000;
/** Upper bound on instances generated per series and query. */
const MAX_INSTANCES = 3000;

/** The view of a single event or a series master itself. */
export function storedView(event: StoredEvent): EventView {
  return {
    id: event.id,
    event,
    type: event.recurrence ? 'seriesMaster' : 'singleInstance',
    fields: event.fields,
    changeKey: event.changeKey,
    lastModifiedMs: event.lastModifiedMs,
    originalStartMs: null,
  };
}

/** The zone a series is expanded in: wall-clock time is preserved across DST there. */
function seriesZone(event: StoredEvent): string {
  const named = event.recurrence?.range.recurrenceTimeZone || event.fields.startZone;
  return toIANAZone(named) ?? 'UTC';
}

/** Original start instants of the series' occurrences up to `untilMs`. */
export function occurrenceStarts(event: StoredEvent, untilMs: number): number[] {
  if (!event.recurrence) return [];
  const zone = seriesZone(event);
  const startWallMs = instantToWallMs(event.fields.startMs, zone);
  const timeOfDayMs = ((startWallMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  const untilDate = new Date(instantToWallMs(untilMs, zone) + MS_PER_DAY)
    .toISOString()
    .slice(0, 10);
  return expandRecurrenceDates(event.recurrence, untilDate, MAX_INSTANCES).map((date) =>
    wallToInstantMs(Date.parse(`${date}T00:00:00Z`) + timeOfDayMs, zone),
  );
}

/** The view of one occurrence (plain or exception); undefined when it does not exist or was cancelled. */
export function occurrenceView(event: StoredEvent, originalStartMs: number): EventView | undefined {
  const override = event.overrides.get(originalStartMs);
  if (override) {
    if (override.cancelled) return undefined;
    return {
      id: occurrenceId(event.id, originalStartMs),
      event,
      type: 'exception',
      fields: override.fields,
      changeKey: override.changeKey,
      lastModifiedMs: override.lastModifiedMs,
      originalStartMs,
    };
  }
  const durationMs = event.fields.endMs - event.fields.startMs;
  return {
    id: occurrenceId(event.id, originalStartMs),
    event,
    type: 'occurrence',
    fields: { ...event.fields, startMs: originalStartMs, endMs: originalStartMs + durationMs },
    changeKey: event.occurrenceChangeKey,
    lastModifiedMs: event.lastModifiedMs,
    originalStartMs,
  };
}

function overlaps(view: EventView, fromMs: number, toMs: number): boolean {
  const { startMs, endMs } = view.fields;
  if (startMs === endMs) return startMs >= fromMs && startMs < toMs;
  return startMs < toMs && endMs > fromMs;
}

/** Occurrences and exceptions of a series that overlap [fromMs, toMs). */
export function instancesIn(event: StoredEvent, fromMs: number, toMs: number): EventView[] {
  const durationMs = event.fields.endMs - event.fields.startMs;
  // Exceptions can move anywhere, so consider every original start that could still reach the window.
  const latestOverrideMs = Math.max(toMs, ...event.overrides.keys());
  const views: EventView[] = [];
  for (const originalStartMs of occurrenceStarts(event, latestOverrideMs)) {
    if (originalStartMs + durationMs < fromMs && !event.overrides.has(originalStartMs)) continue;
    const view = occurrenceView(event, originalStartMs);
    if (view && overlaps(view, fromMs, toMs)) views.push(view);
  }
  return views;
}

/** What calendarView shows for one stored event: itself, or its instances in the window. */
export function calendarViewOf(event: StoredEvent, fromMs: number, toMs: number): EventView[] {
  if (event.recurrence) return instancesIn(event, fromMs, toMs);
  const view = storedView(event);
  return overlaps(view, fromMs, toMs) ? [view] : [];
}

/** Resolves any id a client may hold: single, master, occurrence or exception (or an immutable id). */
export function findView(state: MicrosoftState, id: string): EventView | undefined {
  const stored = state.events.get(id) ?? state.events.get(state.eventIdByImmutableId.get(id) ?? '');
  if (stored) return storedView(stored);
  const parsed = parseOccurrenceId(id);
  if (!parsed) return undefined;
  const master = state.events.get(parsed.masterId);
  if (!master?.recurrence) return undefined;
  if (!master.overrides.has(parsed.originalStartMs)) {
    const starts = occurrenceStarts(master, parsed.originalStartMs + 1);
    if (!starts.includes(parsed.originalStartMs)) return undefined;
  }
  return occurrenceView(master, parsed.originalStartMs);
}

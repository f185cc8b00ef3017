import { BASE32HEX_ALPHABET } from '../shared/random.js';
import { GoogleApiError, notFound } from './errors.js';
import { mergePatch, parseEventFields } from './event-fields.js';
import { instanceOf } from './event-view.js';
import { applyConferenceData } from './meet.js';
import { expandSeries } from './recurrence.js';
import { resolveTime } from './event-time.js';
import type { GoogleRuntime } from './runtime.js';
import type { EventFields, GoogleCalendar, StoredEvent } from './types.js';

type Json = Record<string, unknown>;

const CLIENT_ID_PATTERN = /^[a-v0-9]{5,1024}$/;
const INSTANCE_SUFFIX = /^(.+)_(\d{8}(?:T\d{6}Z)?)$/i;

/** Query parameters of writes that change behaviour. */
export interface WriteParams {
  conferenceDataVersion: number;
  ifMatch: string | undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Finds a stored event, or the generated instance an instance id names. */
export function lookupEvent(
  rt: GoogleRuntime,
  calendar: GoogleCalendar,
  eventId: string,
): StoredEvent | undefined {
  const stored = calendar.events.get(eventId);
  if (stored !== undefined) return stored;
  const match = INSTANCE_SUFFIX.exec(eventId);
  if (match === null) return undefined;
  const master = calendar.events.get(match[1] ?? '');
  if (master?.fields.recurrence === undefined || master.status === 'cancelled') return undefined;
  const suffix = (match[2] ?? '').toUpperCase();
  const wantedMs = suffixToMs(suffix);
  if (wantedMs === undefined) return undefined;
  const occurrences = expandSeries(
    { start: master.fields.start ?? {}, recurrence: master.fields.recurrence },
    calendar.timeZone,
    { untilMs: wantedMs + 86_400_000 * 2, maxCount: 100_000 },
  );
  const occurrence = occurrences.find((o) => o.idSuffix === suffix);
  return occurrence === undefined ? undefined : instanceOf(master, calendar, occurrence);
}

function suffixToMs(suffix: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(suffix);
  if (m === null) return undefined;
  return Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
}

function recordChange(rt: GoogleRuntime, event: StoredEvent): void {
  const nowMs = rt.nowMs();
  event.changeSeq = rt.state.nextChangeSeq();
  event.updatedMs = nowMs;
  event.etag = rt.state.nextEtag(nowMs);
  if (event.conferenceReadyAtMs !== undefined) rt.state.pendingConferences.add(event);
}

function checkIfMatch(event: StoredEvent, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch === '*') return;
  const tags = ifMatch.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (!tags.includes(event.etag)) {
    throw new GoogleApiError(412, 'conditionNotMet', 'Precondition Failed', {
      location: 'If-Match',
      locationType: 'header',
    });
  }
}

/** `events.insert`. */
export function insertEvent(
  rt: GoogleRuntime,
  calendar: GoogleCalendar,
  body: unknown,
  params: WriteParams,
): StoredEvent {
  if (!isObject(body)) throw new GoogleApiError(400, 'parseError', 'Parse Error');
  const fields = parseEventFields(body, calendar.timeZone);
  let id: string;
  if (body.id !== undefined && body.id !== null) {
    if (typeof body.id !== 'string' || !CLIENT_ID_PATTERN.test(body.id)) {
      throw new GoogleApiError(400, 'invalid', 'Invalid resource id value.', { location: 'id' });
    }
    if (calendar.usedIds.has(body.id)) {
      throw new GoogleApiError(409, 'duplicate', 'The requested identifier already exists.');
    }
    id = body.id;
  } else {
    do id = rt.random.string(26, BASE32HEX_ALPHABET);
    while (calendar.usedIds.has(id));
  }
  const nowMs = rt.nowMs();
  const status = fields.status ?? 'confirmed';
  delete fields.status;
  const event: StoredEvent = {
    id,
    calendarId: calendar.id,
    iCalUID: typeof body.iCalUID === 'string' ? body.iCalUID : `${id}@google.com`,
    fields,
    status,
    createdMs: nowMs,
    updatedMs: nowMs,
    sequence: typeof body.sequence === 'number' ? body.sequence : 0,
    etag: '',
    changeSeq: 0,
  };
  applyConferenceData(rt, event, body.conferenceData, params.conferenceDataVersion, 'insert');
  recordChange(rt, event);
  calendar.usedIds.add(id);
  calendar.events.set(id, event);
  rt.calendarChanged(calendar.id);
  return event;
}

const SEQUENCE_FIELDS: (keyof EventFields)[] = ['start', 'end', 'recurrence', 'location'];

/** `events.update` (PUT: omitted fields are cleared) and `events.patch` (merge). */
export function updateEvent(
  rt: GoogleRuntime,
  calendar: GoogleCalendar,
  eventId: string,
  body: unknown,
  params: WriteParams,
  mode: 'put' | 'patch',
): StoredEvent {
  if (!isObject(body)) throw new GoogleApiError(400, 'parseError', 'Parse Error');
  const existing = lookupEvent(rt, calendar, eventId);
  if (existing === undefined) throw notFound();
  checkIfMatch(existing, params.ifMatch);
  const current = { ...(existing.fields as Json), status: existing.status };
  const merged = mode === 'patch' ? mergePatch(current, body) : body;
  if (existing.recurringEventId !== undefined) delete merged.recurrence;
  const fields = parseEventFields(merged, calendar.timeZone);
  if (typeof body.sequence === 'number' && body.sequence < existing.sequence) {
    throw new GoogleApiError(
      400,
      'invalidSequenceValue',
      'Invalid sequence value. The specified sequence number is below the current sequence number of the resource.',
    );
  }
  const event: StoredEvent = { ...existing };
  event.status = fields.status ?? (mode === 'put' ? 'confirmed' : existing.status);
  delete fields.status;
  const significant = SEQUENCE_FIELDS.some(
    (key) => JSON.stringify(fields[key]) !== JSON.stringify(existing.fields[key]),
  );
  event.fields = fields;
  event.sequence = Math.max(
    typeof body.sequence === 'number' ? body.sequence : 0,
    existing.sequence + (significant || event.status !== existing.status ? 1 : 0),
  );
  applyConferenceData(rt, event, body.conferenceData, params.conferenceDataVersion, mode);
  recordChange(rt, event);
  calendar.usedIds.add(event.id);
  calendar.events.set(event.id, event);
  rt.calendarChanged(calendar.id);
  return event;
}

/** `events.delete`: leaves a cancelled tombstone; a series takes its exceptions with it. */
export function deleteEvent(
  rt: GoogleRuntime,
  calendar: GoogleCalendar,
  eventId: string,
  ifMatch: string | undefined,
): void {
  const existing = lookupEvent(rt, calendar, eventId);
  if (existing === undefined) throw notFound();
  if (existing.status === 'cancelled')
    throw new GoogleApiError(410, 'deleted', 'Resource has been deleted');
  checkIfMatch(existing, ifMatch);
  const cancel = (event: StoredEvent): void => {
    const tombstone: StoredEvent = { ...event, status: 'cancelled' };
    recordChange(rt, tombstone);
    rt.state.pendingConferences.delete(event);
    calendar.usedIds.add(tombstone.id);
    calendar.events.set(tombstone.id, tombstone);
  };
  cancel(existing);
  if (existing.fields.recurrence !== undefined) {
    for (const event of calendar.events.values()) {
      if (event.recurringEventId === existing.id && event.status !== 'cancelled') cancel(event);
    }
  }
  rt.calendarChanged(calendar.id);
}

/** Start and end instants of an event, for filters and free/busy. */
export function eventSpan(
  event: StoredEvent,
  calendar: GoogleCalendar,
): { startMs: number; endMs: number } | undefined {
  const start = resolveTime(event.fields.start ?? event.originalStartTime ?? {}, calendar.timeZone);
  const end = resolveTime(event.fields.end ?? {}, calendar.timeZone);
  if (start === undefined) return undefined;
  return { startMs: start.ms, endMs: end?.ms ?? start.ms };
}

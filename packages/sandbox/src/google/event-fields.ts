import { isValidTimeZone } from '../shared/zoned-time.js';
import { GoogleApiError, invalidParameter } from './errors.js';
import { resolveTime } from './event-time.js';
import { recurrenceProblem } from './recurrence.js';
import type {
  EventAttendee,
  EventDateTime,
  EventFields,
  EventReminders,
  EventStatus,
  ExtendedProperties,
} from './types.js';

type Json = Record<string, unknown>;

const RESPONSE_STATUSES = ['needsAction', 'declined', 'tentative', 'accepted'] as const;
const MAX_REMINDER_MINUTES = 40_320;
const MAX_EXTENDED_KEY_CHARS = 44;
const MAX_EXTENDED_VALUE_CHARS = 1024;
const MAX_EXTENDED_PROPERTIES = 300;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(body: Json, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(key, `Invalid value for: ${key}`);
  return value;
}

function optionalBoolean(body: Json, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameter(key, `Invalid value for: ${key}`);
  return value;
}

function optionalEnum<T extends string>(
  body: Json,
  key: string,
  values: readonly T[],
): T | undefined {
  const value = optionalString(body, key);
  if (value !== undefined && !values.includes(value as T))
    throw invalidParameter(key, `Invalid value for: ${key}`);
  return value as T | undefined;
}

function eventDateTime(value: unknown, which: 'start' | 'end'): EventDateTime | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidParameter(which, `Invalid ${which} time.`);
  const out: EventDateTime = {};
  if (typeof value.date === 'string') out.date = value.date;
  if (typeof value.dateTime === 'string') out.dateTime = value.dateTime;
  if (typeof value.timeZone === 'string') out.timeZone = value.timeZone;
  if (out.timeZone !== undefined && !isValidTimeZone(out.timeZone)) {
    throw new GoogleApiError(400, 'invalid', `Invalid time zone definition for ${which} time.`);
  }
  return out;
}

function attendees(value: unknown): EventAttendee[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidParameter('attendees', 'Invalid attendees.');
  return value.map((raw: unknown) => {
    if (!isObject(raw) || typeof raw.email !== 'string' || !raw.email.includes('@')) {
      throw new GoogleApiError(400, 'invalid', 'Invalid attendee email.', {
        location: 'attendees',
      });
    }
    const attendee: EventAttendee = {
      email: raw.email.toLowerCase(),
      responseStatus: optionalEnum(raw, 'responseStatus', RESPONSE_STATUSES) ?? 'needsAction',
    };
    const displayName = optionalString(raw, 'displayName');
    if (displayName !== undefined) attendee.displayName = displayName;
    const optional = optionalBoolean(raw, 'optional');
    if (optional !== undefined) attendee.optional = optional;
    const resource = optionalBoolean(raw, 'resource');
    if (resource !== undefined) attendee.resource = resource;
    const comment = optionalString(raw, 'comment');
    if (comment !== undefined) attendee.comment = comment;
    if (typeof raw.additionalGuests === 'number') attendee.additionalGuests = raw.additionalGuests;
    return attendee;
  });
}

function reminders(value: unknown): EventReminders | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidParameter('reminders', 'Invalid reminders.');
  const useDefault = value.useDefault === true;
  const overrides = value.overrides;
  if (overrides === undefined || overrides === null) return { useDefault };
  if (!Array.isArray(overrides))
    throw invalidParameter('reminders.overrides', 'Invalid reminder overrides.');
  if (useDefault && overrides.length > 0) {
    throw new GoogleApiError(
      400,
      'cannotUseDefaultRemindersAndSpecifyOverride',
      'Cannot specify both default reminders and overrides at the same time.',
    );
  }
  if (overrides.length > 5) {
    throw new GoogleApiError(
      400,
      'tooManyReminders',
      'The maximum number of override reminders is 5.',
    );
  }
  return {
    useDefault,
    overrides: overrides.map((raw: unknown) => {
      if (!isObject(raw) || (raw.method !== 'email' && raw.method !== 'popup')) {
        throw new GoogleApiError(400, 'invalid', 'Invalid reminder method.', {
          location: 'reminders.overrides.method',
        });
      }
      const minutes = raw.minutes;
      if (
        typeof minutes !== 'number' ||
        !Number.isInteger(minutes) ||
        minutes < 0 ||
        minutes > MAX_REMINDER_MINUTES
      ) {
        throw new GoogleApiError(400, 'invalid', 'Invalid reminder minutes.', {
          location: 'reminders.overrides.minutes',
        });
      }
      return { method: raw.method, minutes };
    }),
  };
}

function stringMap(value: unknown, where: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidParameter(where, `Invalid ${where}.`);
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (raw === null) continue;
    if (
      typeof raw !== 'string' ||
      key.length > MAX_EXTENDED_KEY_CHARS ||
      raw.length > MAX_EXTENDED_VALUE_CHARS
    ) {
      throw invalidParameter(where, `Invalid extended property ${key}.`);
    }
    out[key] = raw;
  }
  return out;
}

function extendedProperties(value: unknown): ExtendedProperties | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalidParameter('extendedProperties', 'Invalid extendedProperties.');
  const out: ExtendedProperties = {};
  const priv = stringMap(value.private, 'extendedProperties.private');
  const shared = stringMap(value.shared, 'extendedProperties.shared');
  if (priv !== undefined) out.private = priv;
  if (shared !== undefined) out.shared = shared;
  if (Object.keys(priv ?? {}).length + Object.keys(shared ?? {}).length > MAX_EXTENDED_PROPERTIES) {
    throw invalidParameter('extendedProperties', 'Too many extended properties.');
  }
  return out;
}

/** Reads the client-writable fields of an event body, checking each (400 in Google's shape). */
export function parseEventFields(body: unknown, calendarTimeZone: string): EventFields {
  if (!isObject(body)) throw new GoogleApiError(400, 'parseError', 'Parse Error');
  const fields: EventFields = {
    summary: optionalString(body, 'summary'),
    description: optionalString(body, 'description'),
    location: optionalString(body, 'location'),
    colorId: optionalString(body, 'colorId'),
    start: eventDateTime(body.start, 'start'),
    end: eventDateTime(body.end, 'end'),
    endTimeUnspecified: optionalBoolean(body, 'endTimeUnspecified'),
    attendees: attendees(body.attendees),
    reminders: reminders(body.reminders),
    extendedProperties: extendedProperties(body.extendedProperties),
    transparency: optionalEnum(body, 'transparency', ['opaque', 'transparent'] as const),
    visibility: optionalEnum(body, 'visibility', [
      'default',
      'public',
      'private',
      'confidential',
    ] as const),
    guestsCanModify: optionalBoolean(body, 'guestsCanModify'),
    guestsCanInviteOthers: optionalBoolean(body, 'guestsCanInviteOthers'),
    guestsCanSeeOtherGuests: optionalBoolean(body, 'guestsCanSeeOtherGuests'),
    anyoneCanAddSelf: optionalBoolean(body, 'anyoneCanAddSelf'),
    eventType: optionalString(body, 'eventType'),
    status: optionalEnum<EventStatus>(body, 'status', ['confirmed', 'tentative', 'cancelled']),
  };
  if (isObject(body.source) && typeof body.source.url === 'string') {
    fields.source = {
      url: body.source.url,
      ...(typeof body.source.title === 'string' ? { title: body.source.title } : {}),
    };
  }
  if (body.recurrence !== undefined && body.recurrence !== null) {
    if (
      !Array.isArray(body.recurrence) ||
      !body.recurrence.every((line) => typeof line === 'string')
    ) {
      throw invalidParameter('recurrence', 'Invalid recurrence rule.');
    }
    const problem = recurrenceProblem(body.recurrence);
    if (problem !== undefined)
      throw new GoogleApiError(400, 'invalid', problem, { location: 'recurrence' });
    if (body.recurrence.length > 0) fields.recurrence = body.recurrence;
  }
  checkTimes(fields, calendarTimeZone);
  for (const key of Object.keys(fields) as (keyof EventFields)[]) {
    if (fields[key] === undefined) Reflect.deleteProperty(fields, key);
  }
  return fields;
}

function checkTimes(fields: EventFields, calendarTimeZone: string): void {
  const { start, end } = fields;
  if (start === undefined)
    throw new GoogleApiError(400, 'required', 'Missing start time.', { location: 'start' });
  if (end === undefined)
    throw new GoogleApiError(400, 'required', 'Missing end time.', { location: 'end' });
  for (const [which, value] of [
    ['start', start],
    ['end', end],
  ] as const) {
    if (value.date === undefined && value.dateTime === undefined) {
      throw new GoogleApiError(400, 'required', `Missing ${which} time.`, { location: which });
    }
    if (value.date !== undefined && value.dateTime !== undefined) {
      throw new GoogleApiError(400, 'invalid', `Invalid ${which} time.`, { location: which });
    }
    const needsZone =
      fields.recurrence !== undefined &&
      value.dateTime !== undefined &&
      value.timeZone === undefined;
    if (needsZone) {
      throw new GoogleApiError(400, 'invalid', `Missing time zone definition for ${which} time.`, {
        location: which,
      });
    }
  }
  const startTime = resolveTime(start, calendarTimeZone);
  const endTime = resolveTime(end, calendarTimeZone);
  if (startTime === undefined)
    throw new GoogleApiError(400, 'invalid', 'Invalid start time.', { location: 'start' });
  if (endTime === undefined)
    throw new GoogleApiError(400, 'invalid', 'Invalid end time.', { location: 'end' });
  if (
    startTime.allDay !== endTime.allDay ||
    endTime.ms < startTime.ms ||
    (startTime.allDay && endTime.ms === startTime.ms)
  ) {
    throw new GoogleApiError(400, 'timeRangeEmpty', 'The specified time range is empty.', {
      location: 'end',
    });
  }
}

/**
 * PATCH semantics: objects merge key by key, arrays and scalars replace, `null` clears. Start and
 * end replace whole (merging `{date}` into `{dateTime}` would leave both set).
 */
export function mergePatch(current: Json, patch: Json, depth = 0): Json {
  const out: Json = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(out, key);
    else if (depth === 0 && (key === 'start' || key === 'end')) out[key] = value;
    else if (isObject(value) && isObject(out[key]))
      out[key] = mergePatch(out[key] as Json, value, depth + 1);
    else out[key] = value;
  }
  return out;
}

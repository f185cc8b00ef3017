import { GraphError } from './errors.js';
import type { Attendee, EventFields, OnlineMeetingInfo, StoredUser } from './model.js';
import { isMidnightIn, parseDateTimeTimeZone, requireIANAZone } from './time.js';
import { randomBytes } from 'node:crypto';

/** `responseStatus.time` when nobody has answered. */
export const UNSET_RESPONSE_TIME = '0001-01-01T00:00:00Z';

const IMPORTANCE = ['low', 'normal', 'high'] as const;
const SENSITIVITY = ['normal', 'personal', 'private', 'confidential'] as const;
const SHOW_AS = ['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'] as const;
const PROVIDERS = ['unknown', 'teamsForBusiness', 'skypeForBusiness', 'skypeForConsumer'] as const;
const ATTENDEE_TYPES = ['required', 'optional', 'resource'] as const;
const RESPONSES = [
  'none',
  'organizer',
  'tentativelyAccepted',
  'accepted',
  'declined',
  'notResponded',
] as const;

/** Properties the server computes; clients that echo them back are not refused. */
const READ_ONLY = new Set([
  'id',
  'changeKey',
  'createdDateTime',
  'lastModifiedDateTime',
  'iCalUId',
  'bodyPreview',
  'webLink',
  'type',
  'seriesMasterId',
  'originalStart',
  'originalStartTimeZone',
  'originalEndTimeZone',
  'isOrganizer',
  'hasAttachments',
  'onlineMeetingUrl',
  'onlineMeeting',
  'isDraft',
  'uid',
  'cancelledOccurrences',
  'occurrenceId',
]);

/** Handled by the event service rather than here. */
const SERVICE_FIELDS = new Set(['recurrence', 'transactionId']);
const EXTENSION_FIELDS = new Set([
  'singleValueExtendedProperties',
  'multiValueExtendedProperties',
  'extensions',
]);

/** Fields of a new event organised by `organizer`, before the client's input is applied. */
export function defaultEventFields(organizer: StoredUser, nowMs: number): EventFields {
  return {
    subject: '',
    body: { contentType: 'html', content: '' },
    startMs: nowMs,
    endMs: nowMs + 30 * 60_000,
    startZone: 'UTC',
    endZone: 'UTC',
    isAllDay: false,
    isCancelled: false,
    importance: 'normal',
    sensitivity: 'normal',
    showAs: 'busy',
    categories: [],
    location: emptyLocation(''),
    locations: [],
    attendees: [],
    organizer: { emailAddress: { name: organizer.displayName, address: organizer.email } },
    responseStatus: { response: 'organizer', time: UNSET_RESPONSE_TIME },
    responseRequested: true,
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    allowNewTimeProposals: true,
    hideAttendees: false,
    isOnlineMeeting: false,
    onlineMeetingProvider: 'unknown',
    onlineMeeting: null,
    extra: {},
  };
}

function emptyLocation(displayName: string): Record<string, unknown> {
  return {
    displayName,
    locationType: 'default',
    uniqueIdType: 'unknown',
    address: {},
    coordinates: {},
  };
}

function bad(message: string): GraphError {
  return new GraphError(400, 'ErrorInvalidRequest', message);
}

function oneOf<T extends string>(allowed: readonly T[], value: unknown, field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw bad(`Invalid value '${String(value)}' for ${field}.`);
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw bad(`${field} must be a boolean.`);
  return value;
}

function parseAttendees(value: unknown): Attendee[] {
  if (!Array.isArray(value)) throw bad('attendees must be an array.');
  if (value.length > 500) throw bad('An event can have at most 500 attendees.');
  return value.map((raw: unknown, index) => {
    const item = (raw ?? {}) as Record<string, unknown>;
    const email = (item.emailAddress ?? {}) as Record<string, unknown>;
    if (typeof email.address !== 'string' || !email.address.includes('@')) {
      throw bad(`attendees[${index}].emailAddress.address is required.`);
    }
    const status = (item.status ?? {}) as Record<string, unknown>;
    return {
      type:
        item.type === undefined ? 'required' : oneOf(ATTENDEE_TYPES, item.type, 'attendee.type'),
      status: {
        response:
          status.response === undefined
            ? 'none'
            : oneOf(RESPONSES, status.response, 'status.response'),
        time: typeof status.time === 'string' ? status.time : UNSET_RESPONSE_TIME,
      },
      emailAddress: {
        name: typeof email.name === 'string' ? email.name : email.address,
        address: email.address,
      },
    };
  });
}

/** A Teams meeting as Graph attaches it to an event. */
export function newTeamsMeeting(): OnlineMeetingInfo {
  const thread = randomBytes(16).toString('hex');
  return {
    joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${thread}%40thread.v2/0?context=%7b%7d`,
    conferenceId: String(100_000_000 + (randomBytes(4).readUInt32BE() % 900_000_000)),
    tollNumber: null,
    tollFreeNumbers: [],
    quickDial: null,
    phones: [],
  };
}

/**
 * Applies a create or PATCH body to a copy of `current` and validates the result.
 * Unknown properties are refused, read-only ones ignored, as Graph does.
 */
export function applyEventInput(current: EventFields, input: Record<string, unknown>): EventFields {
  const next: EventFields = structuredClone(current);
  for (const [key, value] of Object.entries(input)) {
    if (key.startsWith('@odata.') || READ_ONLY.has(key) || SERVICE_FIELDS.has(key)) continue;
    switch (key) {
      case 'subject':
        if (typeof value !== 'string') throw bad('subject must be a string.');
        next.subject = value;
        break;
      case 'body': {
        const body = (value ?? {}) as Record<string, unknown>;
        next.body = {
          contentType:
            body.contentType === undefined
              ? 'html'
              : oneOf(['html', 'text'], body.contentType, 'body.contentType'),
          content: typeof body.content === 'string' ? body.content : '',
        };
        break;
      }
      case 'start':
      case 'end': {
        const parsed = parseDateTimeTimeZone(value, key);
        next[key === 'start' ? 'startMs' : 'endMs'] = parsed.instantMs;
        next[key === 'start' ? 'startZone' : 'endZone'] = parsed.zone;
        break;
      }
      case 'isAllDay':
      case 'isCancelled':
      case 'responseRequested':
      case 'isReminderOn':
      case 'allowNewTimeProposals':
      case 'hideAttendees':
        next[key] = bool(value, key);
        break;
      case 'reminderMinutesBeforeStart':
        if (typeof value !== 'number' || value < 0)
          throw bad('reminderMinutesBeforeStart must be a number.');
        next.reminderMinutesBeforeStart = value;
        break;
      case 'importance':
        next.importance = oneOf(IMPORTANCE, value, key);
        break;
      case 'sensitivity':
        next.sensitivity = oneOf(SENSITIVITY, value, key);
        break;
      case 'showAs':
        next.showAs = oneOf(SHOW_AS, value, key);
        break;
      case 'categories':
        if (!Array.isArray(value) || value.some((c) => typeof c !== 'string')) {
          throw bad('categories must be an array of strings.');
        }
        next.categories = [...(value as string[])];
        break;
      case 'location': {
        const location = (value ?? {}) as Record<string, unknown>;
        next.location = { ...emptyLocation(''), ...location };
        next.locations =
          typeof location.displayName === 'string' && location.displayName !== ''
            ? [next.location]
            : [];
        break;
      }
      case 'locations':
        if (!Array.isArray(value)) throw bad('locations must be an array.');
        next.locations = value.map((l: unknown) => ({
          ...emptyLocation(''),
          ...(l as Record<string, unknown>),
        }));
        next.location = next.locations[0] ?? emptyLocation('');
        break;
      case 'attendees':
        next.attendees = parseAttendees(value);
        break;
      case 'organizer':
        // The organizer is the mailbox owner; Graph ignores a different one on create.
        break;
      case 'responseStatus':
        break;
      case 'isOnlineMeeting':
        if (!current.onlineMeeting) next.isOnlineMeeting = bool(value, key);
        break;
      case 'onlineMeetingProvider':
        if (!current.onlineMeeting) next.onlineMeetingProvider = oneOf(PROVIDERS, value, key);
        break;
      default:
        if (EXTENSION_FIELDS.has(key)) {
          next.extra[key] = structuredClone(value);
          break;
        }
        throw new GraphError(
          400,
          'BadRequest',
          `The property '${key}' does not exist on type 'microsoft.graph.event'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
        );
    }
  }
  validateTimes(next);
  // Teams meetings are sticky: once attached they stay, whatever later PATCHes say.
  if (next.isOnlineMeeting && !next.onlineMeeting) {
    if (next.onlineMeetingProvider === 'unknown') next.onlineMeetingProvider = 'teamsForBusiness';
    if (next.onlineMeetingProvider === 'teamsForBusiness') next.onlineMeeting = newTeamsMeeting();
  }
  if (current.onlineMeeting) {
    next.isOnlineMeeting = true;
    next.onlineMeetingProvider = current.onlineMeetingProvider;
    next.onlineMeeting = current.onlineMeeting;
  }
  return next;
}

function validateTimes(fields: EventFields): void {
  if (fields.endMs < fields.startMs) {
    throw bad('The end time of the event must be on or after its start time.');
  }
  if (!fields.isAllDay) return;
  const startZone = requireIANAZone(fields.startZone);
  const endZone = requireIANAZone(fields.endZone);
  if (
    !isMidnightIn(fields.startMs, startZone) ||
    !isMidnightIn(fields.endMs, endZone) ||
    fields.endMs <= fields.startMs
  ) {
    throw bad(
      "Your request can't be completed. If an event is marked as all-day, the start and end time must be set to midnight, in the same time zone, and the end must be after the start.",
    );
  }
}

import { hasOffset, isValidTimeZone } from '../shared/zoned-time.js';
import { GoogleApiError, invalidParameter } from './errors.js';

/** The parameters of `events.list` / `events.watch`, checked. */
export interface ListQuery {
  maxResults: number;
  pageToken?: string;
  syncToken?: string;
  singleEvents: boolean;
  /** Undefined when absent (absent and false differ with a sync token). */
  showDeleted?: boolean;
  orderBy?: 'startTime' | 'updated';
  timeMinMs?: number;
  timeMaxMs?: number;
  updatedMinMs?: number;
  q?: string;
  privateProperties: [string, string][];
  sharedProperties: [string, string][];
  iCalUID?: string;
  timeZone?: string;
  eventTypes: string[];
}

const DEFAULT_PAGE_SIZE = 250;
const MAX_PAGE_SIZE = 2500;
/** Parameters Google refuses next to a sync token. */
const FORBIDDEN_WITH_SYNC_TOKEN = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
];

function booleanParam(params: URLSearchParams, name: string): boolean | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  if (value !== 'true' && value !== 'false')
    throw invalidParameter(name, `Invalid boolean value for ${name}.`);
  return value === 'true';
}

function timeParam(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  const ms = Date.parse(value);
  if (!hasOffset(value) || Number.isNaN(ms))
    throw new GoogleApiError(400, 'badRequest', 'Bad Request', { location: name });
  return ms;
}

function properties(params: URLSearchParams, name: string): [string, string][] {
  return params.getAll(name).map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw invalidParameter(name, `Invalid ${name} value: ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  });
}

/** Parses the list parameters, refusing combinations Google refuses. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const syncToken = params.get('syncToken') ?? undefined;
  if (syncToken !== undefined) {
    for (const name of FORBIDDEN_WITH_SYNC_TOKEN) {
      if (params.has(name)) {
        throw invalidParameter(
          name,
          `The parameter ${name} cannot be used together with syncToken.`,
        );
      }
    }
    if (params.get('showDeleted') === 'false') {
      throw invalidParameter(
        'showDeleted',
        'showDeleted=false cannot be used together with syncToken.',
      );
    }
  }
  const rawMax = params.get('maxResults');
  let maxResults = DEFAULT_PAGE_SIZE;
  if (rawMax !== null) {
    maxResults = Number(rawMax);
    if (!Number.isInteger(maxResults) || maxResults < 1)
      throw invalidParameter('maxResults', 'Invalid maxResults value.');
    maxResults = Math.min(maxResults, MAX_PAGE_SIZE);
  }
  const singleEvents = booleanParam(params, 'singleEvents') ?? false;
  const orderBy = params.get('orderBy') ?? undefined;
  if (orderBy !== undefined && orderBy !== 'startTime' && orderBy !== 'updated') {
    throw invalidParameter('orderBy', `Invalid orderBy value: ${orderBy}`);
  }
  if (orderBy === 'startTime' && !singleEvents) {
    throw new GoogleApiError(
      400,
      'badRequest',
      'The requested ordering is not available for the particular query.',
      {
        location: 'orderBy',
      },
    );
  }
  const timeMinMs = timeParam(params, 'timeMin');
  const timeMaxMs = timeParam(params, 'timeMax');
  if (timeMinMs !== undefined && timeMaxMs !== undefined && timeMinMs >= timeMaxMs) {
    throw new GoogleApiError(400, 'timeRangeEmpty', 'The specified time range is empty.', {
      location: 'timeMax',
    });
  }
  const timeZone = params.get('timeZone') ?? undefined;
  if (timeZone !== undefined && !isValidTimeZone(timeZone))
    throw invalidParameter('timeZone', 'Invalid time zone.');
  return {
    maxResults,
    pageToken: params.get('pageToken') ?? undefined,
    syncToken,
    singleEvents,
    showDeleted: booleanParam(params, 'showDeleted'),
    orderBy,
    timeMinMs,
    timeMaxMs,
    updatedMinMs: timeParam(params, 'updatedMin'),
    q: params.get('q') ?? undefined,
    privateProperties: properties(params, 'privateExtendedProperty'),
    sharedProperties: properties(params, 'sharedExtendedProperty'),
    iCalUID: params.get('iCalUID') ?? undefined,
    timeZone,
    eventTypes: params.getAll('eventTypes'),
  };
}

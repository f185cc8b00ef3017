import { parseICS, serializeICS, DEFAULT_REMINDERS, type EventContent } from '@calsync/core';
import { basicAuth, calDAVRemoteControl } from '@calsync/caldav/testing';
import type { SandboxControlApi } from '@calsync/sandbox';

/** The providers a scenario's user is connected to. */
export const PROVIDERS = ['google', 'microsoft', 'caldav'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** One live event as its calendar holds it. */
export interface ExternalEvent {
  id: string;
  title: string;
  /** ISO instants in UTC, milliseconds dropped. */
  start: string;
  end: string;
  /** What links it back to an appointment: Google's private property, Graph's transactionId, the UID. */
  link: string | null;
}

/** Edits of one event. */
export interface EventPatch {
  title?: string;
  start?: string;
  end?: string;
}

/**
 * A user's own calendar on one provider, edited the way the user would: Google and Microsoft
 * over the sandbox's HTTP API with a token the control API hands out, CalDAV over HTTP on Radicale.
 * The user's requests take paths Calsync never uses (`calendars/primary`, `/me/events`), so the
 * faults aimed at Calsync (see faults.ts) never hit them.
 */
export interface ExternalCalendar {
  readonly provider: Provider;
  create(title: string, start: string, end: string): Promise<string>;
  /** False when the event is gone. */
  update(id: string, patch: EventPatch): Promise<boolean>;
  remove(id: string): Promise<void>;
  list(): Promise<ExternalEvent[]>;
  /** A new token after the control API expired the account's tokens. */
  signInAgain(): Promise<void>;
}

/** `2030-01-02T10:00:00.000Z` → `2030-01-02T10:00:00Z`. */
export function isoSeconds(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function expectOk(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

interface GoogleEvent {
  id: string;
  status?: string;
  summary?: string;
  start?: { dateTime?: string };
  end?: { dateTime?: string };
  extendedProperties?: { private?: Record<string, string> };
  recurringEventId?: string;
}

/** The primary calendar of a sandbox Google account. */
export async function googleCalendar(
  sandboxUrl: string,
  control: SandboxControlApi,
  email: string,
): Promise<ExternalCalendar> {
  let token = (await control.createAccount({ provider: 'google', email })).access_token;
  const root = `${sandboxUrl}/google/calendar/v3/calendars/primary/events`;
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${root}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const times = (patch: EventPatch) => ({
    ...(patch.title === undefined ? {} : { summary: patch.title }),
    ...(patch.start === undefined ? {} : { start: { dateTime: patch.start, timeZone: 'UTC' } }),
    ...(patch.end === undefined ? {} : { end: { dateTime: patch.end, timeZone: 'UTC' } }),
  });
  return {
    provider: 'google',
    async create(title, start, end) {
      const body = await expectOk(await call('POST', '', times({ title, start, end })), 'insert');
      return (body as GoogleEvent).id;
    },
    async update(id, patch) {
      const response = await call('PATCH', `/${encodeURIComponent(id)}`, times(patch));
      if (response.status === 404 || response.status === 410) return false;
      await expectOk(response, 'patch');
      return true;
    },
    async remove(id) {
      const response = await call('DELETE', `/${encodeURIComponent(id)}`);
      if (response.status !== 404 && response.status !== 410) await expectOk(response, 'delete');
    },
    async list() {
      const events: ExternalEvent[] = [];
      let pageToken: string | undefined;
      do {
        const query = `?maxResults=2500${pageToken ? `&pageToken=${pageToken}` : ''}`;
        const page = (await expectOk(await call('GET', query), 'list')) as {
          items: GoogleEvent[];
          nextPageToken?: string;
        };
        for (const item of page.items) {
          if (item.status === 'cancelled' || !item.start?.dateTime || !item.end?.dateTime) continue;
          events.push({
            id: item.id,
            title: item.summary ?? '',
            start: isoSeconds(item.start.dateTime),
            end: isoSeconds(item.end.dateTime),
            link: item.extendedProperties?.private?.calsyncAppointmentId ?? null,
          });
        }
        pageToken = page.nextPageToken;
      } while (pageToken);
      return events;
    },
    async signInAgain() {
      token = (await control.createAccount({ provider: 'google', email })).access_token;
    },
  };
}

interface GraphEvent {
  id: string;
  subject?: string;
  isCancelled?: boolean;
  start?: { dateTime: string; timeZone: string };
  end?: { dateTime: string; timeZone: string };
  transactionId?: string | null;
}

function graphInstant(value: { dateTime: string; timeZone: string }): string {
  if (value.timeZone !== 'UTC') throw new Error(`expected UTC from Graph, got ${value.timeZone}`);
  return isoSeconds(`${value.dateTime.replace(/Z$/, '')}Z`);
}

/** The default calendar of a sandbox Microsoft mailbox. */
export async function microsoftCalendar(
  sandboxUrl: string,
  control: SandboxControlApi,
  email: string,
): Promise<ExternalCalendar> {
  let token = (await control.createAccount({ provider: 'microsoft', email })).access_token;
  const root = `${sandboxUrl}/microsoft/v1.0/me/events`;
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${root}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        prefer: 'outlook.timezone="UTC"',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const fields = (patch: EventPatch) => ({
    ...(patch.title === undefined ? {} : { subject: patch.title }),
    ...(patch.start === undefined
      ? {}
      : { start: { dateTime: patch.start.replace(/Z$/, ''), timeZone: 'UTC' } }),
    ...(patch.end === undefined
      ? {}
      : { end: { dateTime: patch.end.replace(/Z$/, ''), timeZone: 'UTC' } }),
  });
  return {
    provider: 'microsoft',
    async create(title, start, end) {
      const body = await expectOk(await call('POST', '', fields({ title, start, end })), 'create');
      return (body as GraphEvent).id;
    },
    async update(id, patch) {
      const response = await call('PATCH', `/${encodeURIComponent(id)}`, fields(patch));
      if (response.status === 404) return false;
      await expectOk(response, 'update');
      return true;
    },
    async remove(id) {
      const response = await call('DELETE', `/${encodeURIComponent(id)}`);
      if (response.status !== 404) await expectOk(response, 'delete');
    },
    async list() {
      const events: ExternalEvent[] = [];
      let next: string | undefined = `${root}?$top=1000`;
      while (next) {
        const response = await fetch(next, {
          headers: { authorization: `Bearer ${token}`, prefer: 'outlook.timezone="UTC"' },
        });
        const page = (await expectOk(response, 'list')) as {
          value: GraphEvent[];
          '@odata.nextLink'?: string;
        };
        for (const item of page.value) {
          if (item.isCancelled || !item.start || !item.end) continue;
          events.push({
            id: item.id,
            title: item.subject ?? '',
            start: graphInstant(item.start),
            end: graphInstant(item.end),
            link: item.transactionId ?? null,
          });
        }
        next = page['@odata.nextLink'];
      }
      return events;
    },
    async signInAgain() {
      token = (await control.createAccount({ provider: 'microsoft', email })).access_token;
    },
  };
}

/** A calendar on Radicale, edited by "another client" (a phone) over plain CalDAV. */
export function calDAVCalendar(calendarUrl: string, username: string): ExternalCalendar {
  const password = 'any';
  const other = calDAVRemoteControl({ calendarUrl, username, password });
  const auth = basicAuth(username, password);
  const zoned = (start: string, end: string) =>
    ({ kind: 'zoned', startsAtUTC: start, endsAtUTC: end, timeZone: 'UTC' }) as const;
  const resources = async (): Promise<string[]> => {
    const response = await fetch(calendarUrl, {
      method: 'PROPFIND',
      headers: { authorization: auth, depth: '1', 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>',
    });
    const text = await response.text();
    const hrefs = [...text.matchAll(/<(?:\w+:)?href>([^<]+)<\/(?:\w+:)?href>/g)].map((m) =>
      new URL(m[1]!, calendarUrl).toString(),
    );
    return hrefs.filter((href) => href !== calendarUrl);
  };
  return {
    provider: 'caldav',
    async create(title, start, end) {
      const content: EventContent = {
        title,
        description: null,
        location: null,
        time: zoned(start, end),
        recurrence: null,
        attendees: [],
        status: 'confirmed',
        meeting: null,
        reminders: DEFAULT_REMINDERS,
        transparency: 'opaque',
      };
      return other.createExternal(content);
    },
    async update(id, patch) {
      const url = id.split('#')[0]!;
      const { status, text } = await other.getRaw(url);
      if (status === 404) return false;
      if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
      const events = [...parseICS(text).events];
      const now = new Date().toISOString();
      const edited = events.map((event) => {
        if (event.originalStart !== null) return event;
        const time = event.content.time;
        if (time.kind !== 'zoned') throw new Error(`${url} is not a timed event`);
        return {
          ...event,
          sequence: event.sequence + 1,
          lastModifiedAt: now,
          content: {
            ...event.content,
            title: patch.title ?? event.content.title,
            time: {
              ...time,
              startsAtUTC: patch.start ?? time.startsAtUTC,
              endsAtUTC: patch.end ?? time.endsAtUTC,
            },
          },
        };
      });
      await other.putRaw(url, serializeICS(edited, { now, prodId: '-//Other client//EN' }));
      return true;
    },
    async remove(id) {
      await other.deleteExternal(id);
    },
    async list() {
      const events: ExternalEvent[] = [];
      for (const url of await resources()) {
        const { status, text } = await other.getRaw(url);
        if (status !== 200) continue;
        for (const event of parseICS(text).events) {
          const time = event.content.time;
          if (event.originalStart !== null || time.kind !== 'zoned') continue;
          if (event.content.status === 'cancelled') continue;
          events.push({
            id: url,
            title: event.content.title,
            start: isoSeconds(time.startsAtUTC),
            end: isoSeconds(time.endsAtUTC),
            link: event.uid,
          });
        }
      }
      return events;
    },
    async signInAgain() {},
  };
}

import {
  DEFAULT_REMINDERS,
  expandSeries,
  originalStartKey,
  parseICS,
  serializeICS,
  type EventContent,
  type IcsEvent,
} from '@calsync/core';
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

/** One live occurrence on a calendar: a single event, or one instance of a series. */
export interface ExternalOccurrence {
  title: string;
  start: string;
  end: string;
}

/** What the user does to one instance of a series: move it (new times) or cancel it. */
export type InstanceChange = { start: string; end: string } | 'cancel';

/** The window `occurrences` lists: a day back, 40 days ahead (scenarios use days 2–25). */
export function occurrenceWindow(): { from: string; to: string } {
  const now = Date.now();
  return {
    from: new Date(now - 86_400_000).toISOString(),
    to: new Date(now + 40 * 86_400_000).toISOString(),
  };
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
  /** A daily series of `count` instances, the first at `start`–`end`. */
  createSeries(title: string, start: string, end: string, count: number): Promise<string>;
  /** False when the event is gone. */
  update(id: string, patch: EventPatch): Promise<boolean>;
  /**
   * Moves or cancels the instance of series `id` that originally started at `originalStart`;
   * false when the series or that instance is gone.
   */
  editInstance(id: string, originalStart: string, change: InstanceChange): Promise<boolean>;
  remove(id: string): Promise<void>;
  /** Single events and series masters (not their instances). */
  list(): Promise<ExternalEvent[]>;
  /** Every live occurrence in {@link occurrenceWindow}, series expanded. */
  occurrences(): Promise<ExternalOccurrence[]>;
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
  etag?: string;
  status?: string;
  summary?: string;
  start?: { dateTime?: string };
  end?: { dateTime?: string };
  extendedProperties?: { private?: Record<string, string> };
  recurringEventId?: string;
  originalStartTime?: { dateTime?: string };
}

const DAILY = (count: number) => `RRULE:FREQ=DAILY;COUNT=${count}`;

/** The primary calendar of a sandbox Google account. */
export async function googleCalendar(
  sandboxUrl: string,
  control: SandboxControlApi,
  email: string,
): Promise<ExternalCalendar> {
  let token = (await control.createAccount({ provider: 'google', email })).access_token;
  const root = `${sandboxUrl}/google/calendar/v3/calendars/primary/events`;
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${root}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const times = (patch: EventPatch) => ({
    ...(patch.title === undefined ? {} : { summary: patch.title }),
    ...(patch.start === undefined ? {} : { start: { dateTime: patch.start, timeZone: 'UTC' } }),
    ...(patch.end === undefined ? {} : { end: { dateTime: patch.end, timeZone: 'UTC' } }),
  });
  const gone = (response: Response) => response.status === 404 || response.status === 410;
  const listAll = async (query: string): Promise<GoogleEvent[]> => {
    const items: GoogleEvent[] = [];
    let pageToken: string | undefined;
    do {
      const page = (await expectOk(
        await call('GET', `?maxResults=2500&${query}${pageToken ? `&pageToken=${pageToken}` : ''}`),
        'list',
      )) as { items: GoogleEvent[]; nextPageToken?: string };
      items.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return items;
  };
  return {
    provider: 'google',
    async create(title, start, end) {
      const body = await expectOk(await call('POST', '', times({ title, start, end })), 'insert');
      return (body as GoogleEvent).id;
    },
    async createSeries(title, start, end, count) {
      const event = { ...times({ title, start, end }), recurrence: [DAILY(count)] };
      return ((await expectOk(await call('POST', '', event), 'insert')) as GoogleEvent).id;
    },
    async update(id, patch) {
      // A user edits what their calendar shows: not an event already deleted (Google keeps its
      // tombstone, and would take the PATCH). If-Match: not one deleted meanwhile either.
      const current = await call('GET', `/${encodeURIComponent(id)}`);
      if (gone(current)) return false;
      const event = (await expectOk(current, 'get')) as GoogleEvent;
      if (event.status === 'cancelled') return false;
      const response = await call('PATCH', `/${encodeURIComponent(id)}`, times(patch), {
        'if-match': event.etag ?? '*',
      });
      if (gone(response) || response.status === 412) return false;
      await expectOk(response, 'patch');
      return true;
    },
    async editInstance(id, originalStart, change) {
      const found = await call(
        'GET',
        `/${encodeURIComponent(id)}/instances?originalStart=${encodeURIComponent(originalStart)}`,
      );
      if (gone(found)) return false;
      const { items } = (await expectOk(found, 'instances')) as { items: GoogleEvent[] };
      const instance = items.find((item) => item.status !== 'cancelled');
      if (!instance) return false;
      const path = `/${encodeURIComponent(instance.id)}`;
      const response =
        change === 'cancel' ? await call('DELETE', path) : await call('PATCH', path, times(change));
      if (gone(response)) return false;
      await expectOk(response, change === 'cancel' ? 'delete instance' : 'patch instance');
      return true;
    },
    async remove(id) {
      const response = await call('DELETE', `/${encodeURIComponent(id)}`);
      if (response.status !== 404 && response.status !== 410) await expectOk(response, 'delete');
    },
    async list() {
      const events: ExternalEvent[] = [];
      for (const item of await listAll('')) {
        if (item.status === 'cancelled' || item.recurringEventId) continue;
        if (!item.start?.dateTime || !item.end?.dateTime) continue;
        events.push({
          id: item.id,
          title: item.summary ?? '',
          start: isoSeconds(item.start.dateTime),
          end: isoSeconds(item.end.dateTime),
          link: item.extendedProperties?.private?.calsyncAppointmentId ?? null,
        });
      }
      return events;
    },
    async occurrences() {
      const { from, to } = occurrenceWindow();
      const query = `singleEvents=true&timeMin=${encodeURIComponent(from)}&timeMax=${encodeURIComponent(to)}`;
      const out: ExternalOccurrence[] = [];
      for (const item of await listAll(query)) {
        if (item.status === 'cancelled' || !item.start?.dateTime || !item.end?.dateTime) continue;
        out.push({
          title: item.summary ?? '',
          start: isoSeconds(item.start.dateTime),
          end: isoSeconds(item.end.dateTime),
        });
      }
      return out;
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
  originalStart?: string;
  type?: string;
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
  const gone = (response: Response) => response.status === 404;
  const listAll = async (first: string): Promise<GraphEvent[]> => {
    const items: GraphEvent[] = [];
    let next: string | undefined = first;
    while (next) {
      const response = await fetch(next, {
        headers: { authorization: `Bearer ${token}`, prefer: 'outlook.timezone="UTC"' },
      });
      const page = (await expectOk(response, 'list')) as {
        value: GraphEvent[];
        '@odata.nextLink'?: string;
      };
      items.push(...page.value);
      next = page['@odata.nextLink'];
    }
    return items;
  };
  const live = (
    item: GraphEvent,
  ): item is GraphEvent & Required<Pick<GraphEvent, 'start' | 'end'>> =>
    !item.isCancelled && item.start !== undefined && item.end !== undefined;
  return {
    provider: 'microsoft',
    async create(title, start, end) {
      const body = await expectOk(await call('POST', '', fields({ title, start, end })), 'create');
      return (body as GraphEvent).id;
    },
    async createSeries(title, start, end, count) {
      const recurrence = {
        pattern: { type: 'daily', interval: 1 },
        range: { type: 'numbered', numberOfOccurrences: count, startDate: start.slice(0, 10) },
      };
      const body = { ...fields({ title, start, end }), recurrence };
      return ((await expectOk(await call('POST', '', body), 'create')) as GraphEvent).id;
    },
    async update(id, patch) {
      const response = await call('PATCH', `/${encodeURIComponent(id)}`, fields(patch));
      if (gone(response)) return false;
      await expectOk(response, 'update');
      return true;
    },
    async editInstance(id, originalStart, change) {
      const { from, to } = occurrenceWindow();
      const found = await call(
        'GET',
        `/${encodeURIComponent(id)}/instances?startDateTime=${from}&endDateTime=${to}`,
      );
      if (gone(found)) return false;
      const { value } = (await expectOk(found, 'instances')) as { value: GraphEvent[] };
      const at = Date.parse(originalStart);
      const instance = value.find(
        (item) => item.originalStart !== undefined && Date.parse(item.originalStart) === at,
      );
      if (!instance || instance.isCancelled) return false;
      const path = `/${encodeURIComponent(instance.id)}`;
      const response =
        change === 'cancel'
          ? await call('DELETE', path)
          : await call('PATCH', path, fields(change));
      if (gone(response)) return false;
      await expectOk(response, change === 'cancel' ? 'delete occurrence' : 'update occurrence');
      return true;
    },
    async remove(id) {
      const response = await call('DELETE', `/${encodeURIComponent(id)}`);
      if (!gone(response)) await expectOk(response, 'delete');
    },
    async list() {
      return (await listAll(`${root}?$top=1000`)).filter(live).map((item) => ({
        id: item.id,
        title: item.subject ?? '',
        start: graphInstant(item.start),
        end: graphInstant(item.end),
        link: item.transactionId ?? null,
      }));
    },
    async occurrences() {
      const { from, to } = occurrenceWindow();
      const view = `${sandboxUrl}/microsoft/v1.0/me/calendarView?startDateTime=${from}&endDateTime=${to}&$top=1000`;
      return (await listAll(view)).filter(live).map((item) => ({
        title: item.subject ?? '',
        start: graphInstant(item.start),
        end: graphInstant(item.end),
      }));
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
  const newContent = (title: string, start: string, end: string, rrule: string | null) =>
    ({
      title,
      description: null,
      location: null,
      time: zoned(start, end),
      recurrence: rrule === null ? null : { lines: [rrule] },
      attendees: [],
      status: 'confirmed',
      meeting: null,
      reminders: DEFAULT_REMINDERS,
      transparency: 'opaque',
    }) satisfies EventContent;
  /** The resource's events, or null when it is gone. */
  const read = async (id: string): Promise<{ url: string; events: IcsEvent[] } | null> => {
    const url = id.split('#')[0]!;
    const { status, text } = await other.getRaw(url);
    if (status === 404) return null;
    if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
    return { url, events: [...parseICS(text).events] };
  };
  const write = (url: string, events: IcsEvent[], now: string) =>
    other.putRaw(url, serializeICS(events, { now, prodId: '-//Other client//EN' }));
  const touched = (event: IcsEvent, now: string, content: EventContent): IcsEvent => ({
    ...event,
    sequence: event.sequence + 1,
    lastModifiedAt: now,
    content,
  });
  return {
    provider: 'caldav',
    async create(title, start, end) {
      return other.createExternal(newContent(title, start, end, null));
    },
    async createSeries(title, start, end, count) {
      return other.createExternal(newContent(title, start, end, DAILY(count)));
    },
    async update(id, patch) {
      const resource = await read(id);
      if (!resource) return false;
      const now = new Date().toISOString();
      const edited = resource.events.map((event) => {
        if (event.originalStart !== null) return event;
        const time = event.content.time;
        if (time.kind !== 'zoned') throw new Error(`${resource.url} is not a timed event`);
        return touched(event, now, {
          ...event.content,
          title: patch.title ?? event.content.title,
          time: {
            ...time,
            startsAtUTC: patch.start ?? time.startsAtUTC,
            endsAtUTC: patch.end ?? time.endsAtUTC,
          },
        });
      });
      await write(resource.url, edited, now);
      return true;
    },
    async editInstance(id, originalStart, change) {
      const resource = await read(id);
      const master = resource?.events.find((e) => e.originalStart === null);
      if (!resource || !master?.content.recurrence) return false;
      const now = new Date().toISOString();
      const slot = { kind: 'instant', atUTC: new Date(originalStart).toISOString() } as const;
      const key = originalStartKey(slot);
      const { from, to } = occurrenceWindow();
      const overrides = resource.events.filter((e) => e.originalStart !== null);
      // Only an instance the calendar still shows can be moved or cancelled.
      const shown = expandSeries({
        time: master.content.time,
        recurrence: master.content.recurrence,
        window: { startsAtUTC: from, endsAtUTC: to },
        overrides: overrides.map((o) => ({
          originalStart: o.originalStart!,
          time: o.content.time,
          status: o.content.status,
        })),
      }).occurrences.some((o) => originalStartKey(o.originalStart) === key);
      if (!shown) return false;
      const others = overrides.filter((e) => originalStartKey(e.originalStart!) === key);
      const rest = resource.events.filter((e) => e !== master && !others.includes(e));
      if (change === 'cancel') {
        // As Apple Calendar and Thunderbird do: an EXDATE on the master, the override dropped.
        const exdate = `EXDATE:${slot.atUTC.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}`;
        const recurrence = { lines: [...master.content.recurrence.lines, exdate] };
        await write(
          resource.url,
          [touched(master, now, { ...master.content, recurrence }), ...rest],
          now,
        );
        return true;
      }
      const base = others[0] ?? {
        ...master,
        originalStart: slot,
        content: { ...master.content, recurrence: null },
      };
      const override = touched(base, now, {
        ...base.content,
        time: zoned(change.start, change.end),
      });
      await write(resource.url, [master, ...rest, override], now);
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
    async occurrences() {
      const { from, to } = occurrenceWindow();
      const out: ExternalOccurrence[] = [];
      for (const url of await resources()) {
        const { status, text } = await other.getRaw(url);
        if (status !== 200) continue;
        const events = parseICS(text).events;
        for (const master of events.filter((e) => e.originalStart === null)) {
          if (master.content.status === 'cancelled') continue;
          const overrides = events
            .filter((e) => e.originalStart !== null && e.uid === master.uid)
            .map((o) => ({
              originalStart: o.originalStart!,
              time: o.content.time,
              status: o.content.status,
            }));
          const { occurrences } = expandSeries({
            time: master.content.time,
            recurrence: master.content.recurrence ?? { lines: [] },
            window: { startsAtUTC: from, endsAtUTC: to },
            overrides,
          });
          for (const { time } of occurrences) {
            if (time.kind !== 'zoned') continue;
            out.push({
              title: master.content.title,
              start: isoSeconds(time.startsAtUTC),
              end: isoSeconds(time.endsAtUTC),
            });
          }
        }
      }
      return out;
    },
    async signInAgain() {},
  };
}

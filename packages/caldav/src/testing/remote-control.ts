import {
  type EventContent,
  type EventTime,
  type IcsEvent,
  type OriginalStart,
  parseICS,
  serializeICS,
} from '@calsync/core';
import { instanceLine } from '../ics/lines.js';
import { basicAuth } from './calendars.js';

/**
 * "Another client" editing a calendar over plain HTTP with core's own iCalendar writer (not the
 * adapter's): what a phone or desktop app does. Its methods match core's contract-kit
 * `RemoteControl`, so `{ ...calDAVRemoteControl(…), expireCursors, injectMalformed }` plugs in.
 */
export interface CalDAVRemoteControl {
  createExternal(content: EventContent, extraProperties?: readonly string[]): Promise<string>;
  updateExternal(externalId: string, patch: Partial<EventContent>): Promise<void>;
  deleteExternal(externalId: string): Promise<void>;
  moveInstance(
    seriesExternalId: string,
    originalStart: OriginalStart,
    time: EventTime,
  ): Promise<void>;
  cancelInstance(seriesExternalId: string, originalStart: OriginalStart): Promise<void>;
  /** Raw PUT (creates or overwrites). Returns the URL. */
  putRaw(name: string, text: string): Promise<string>;
  /** Raw GET. */
  getRaw(url: string): Promise<{ status: number; text: string; etag: string | null }>;
}

/** Options of {@link calDAVRemoteControl}. */
export interface CalDAVRemoteControlOptions {
  readonly calendarUrl: string;
  readonly username: string;
  readonly password: string;
  readonly fetch?: typeof fetch;
}

let counter = 0;

/**
 * @example
 * const other = calDAVRemoteControl({ calendarUrl, username: 'alice', password: 'secret' });
 * const href = await other.createExternal(content, ['X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC']);
 */
export function calDAVRemoteControl(options: CalDAVRemoteControlOptions): CalDAVRemoteControl {
  const doFetch = options.fetch ?? fetch;
  const auth = basicAuth(options.username, options.password);
  const now = (): string => new Date().toISOString();
  const getRaw = async (
    url: string,
  ): Promise<{ status: number; text: string; etag: string | null }> => {
    const response = await doFetch(url, { headers: { authorization: auth } });
    return {
      status: response.status,
      text: await response.text(),
      etag: response.headers.get('etag'),
    };
  };
  const put = async (url: string, text: string): Promise<void> => {
    const response = await doFetch(url, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'text/calendar; charset=utf-8' },
      body: text,
    });
    if (response.status >= 300)
      throw new Error(`PUT ${url} answered ${response.status}: ${await response.text()}`);
  };
  const events = async (url: string): Promise<IcsEvent[]> => {
    const { status, text } = await getRaw(url);
    if (status !== 200) throw new Error(`GET ${url} answered ${status}`);
    return [...parseICS(text).events];
  };
  const editSeries = async (
    seriesExternalId: string,
    edit: (all: IcsEvent[], master: IcsEvent) => IcsEvent[],
  ): Promise<void> => {
    const url = seriesExternalId.split('#')[0]!;
    const all = await events(url);
    const master = all.find((e) => e.originalStart === null);
    if (!master) throw new Error(`no master in ${url}`);
    await put(url, serializeICS(edit(all, master), { now: now(), prodId: '-//Other client//EN' }));
  };
  return {
    async createExternal(content, extraProperties = []) {
      counter++;
      const uid = `other-${process.pid}-${Date.now()}-${counter}@other.example`;
      const url = new URL(`other-${Date.now()}-${counter}.ics`, options.calendarUrl).toString();
      const event: IcsEvent = {
        uid,
        originalStart: null,
        content,
        sequence: 0,
        lastModifiedAt: null,
        extraProperties: [...extraProperties],
        originalTZID: null,
      };
      await put(url, serializeICS([event], { now: now(), prodId: '-//Other client//EN' }));
      return url;
    },
    async updateExternal(externalId, patch) {
      await editSeries(externalId, (all, master) =>
        all.map((e) =>
          e === master
            ? { ...e, sequence: e.sequence + 1, content: { ...e.content, ...patch } }
            : e,
        ),
      );
    },
    async deleteExternal(externalId) {
      await doFetch(externalId.split('#')[0]!, {
        method: 'DELETE',
        headers: { authorization: auth },
      });
    },
    async moveInstance(seriesExternalId, originalStart, time) {
      await editSeries(seriesExternalId, (all, master) => [
        ...all,
        { ...master, originalStart, content: { ...master.content, time, recurrence: null } },
      ]);
    },
    async cancelInstance(seriesExternalId, originalStart) {
      await editSeries(seriesExternalId, (all, master) =>
        all.map((e) =>
          e === master
            ? {
                ...e,
                content: {
                  ...e.content,
                  recurrence: {
                    lines: [
                      ...(e.content.recurrence?.lines ?? []),
                      instanceLine('EXDATE', originalStart, e.content.time),
                    ],
                  },
                },
              }
            : e,
        ),
      );
    },
    async putRaw(name, text) {
      const url = new URL(name, options.calendarUrl).toString();
      await put(url, text);
      return url;
    },
    getRaw,
  };
}

/**
 * A calendar object that is not valid iCalendar (an unparseable RECURRENCE-ID): Xandikos stores
 * it (as `RECURRENCE-ID:None`), Radicale refuses it with 400 — Radicale validates and sanitizes
 * every PUT, and answers 500 for the whole collection if its storage holds an unparseable file,
 * so broken data never reaches a client there.
 */
export const MALFORMED_EVENT_ICS =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Broken exporter//EN\r\nBEGIN:VEVENT\r\nUID:broken-rid@example.com\r\n' +
  'DTSTAMP:20260101T000000Z\r\nDTSTART:20260310T100000Z\r\nDTEND:20260310T110000Z\r\nRECURRENCE-ID:garbage\r\n' +
  'SUMMARY:Broken\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

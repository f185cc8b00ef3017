import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { DAVClient } from 'tsdav';
import type { CalDAVEmulator } from './index.js';
import { createCalDAVEmulator } from './index.js';

/** A running CalDAV emulator mounted at `/sandbox/caldav`. */
export interface CalDAVHarness {
  base: string;
  serverUrl: string;
  emulator: CalDAVEmulator;
  /** A logged-in tsdav client for a new account. */
  login(email: string): Promise<{ client: DAVClient; password: string }>;
  close(): Promise<void>;
}

/** Starts the emulator on 127.0.0.1:0; the host root redirects `/.well-known/caldav` as a sandbox would. */
export async function startCalDAVHarness(): Promise<CalDAVHarness> {
  let providerBase = '';
  const emulator = createCalDAVEmulator({
    providerBaseUrl: () => providerBase,
    now: () => new Date(0),
    fetch,
  });
  const root = new Hono();
  root.route('/sandbox/caldav', emulator.app);
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started),
    );
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  providerBase = `${base}/sandbox/caldav`;
  return {
    base,
    serverUrl: `${providerBase}/`,
    emulator,
    async login(email: string) {
      const { access_token: password } = emulator.createAccount(email);
      const client = new DAVClient({
        serverUrl: `${providerBase}/`,
        credentials: { username: email, password },
        authMethod: 'Basic',
        defaultAccountType: 'caldav',
      });
      await client.login();
      return { client, password };
    },
    async close() {
      emulator.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A VEVENT resource; `extra` lines go inside the VEVENT, `overrides` are whole extra VEVENT blocks. */
export function ics(
  uid: string,
  start: string,
  end: string,
  summary: string,
  extra: string[] = [],
  overrides: string[] = [],
): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Calsync//sandbox tests//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:${summary}`,
    ...extra,
    'END:VEVENT',
    ...overrides,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

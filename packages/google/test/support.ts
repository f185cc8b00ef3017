import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventContent, EventTime, OriginalStart } from '@calsync/core';
import type { ContractSubject } from '@calsync/core/testing';
import { startSandboxServer } from '@calsync/sandbox';
import type { RunningSandboxServer, SandboxServerOptions } from '@calsync/sandbox';
import { auth, calendar_v3 } from '@googleapis/calendar';
import type { MethodOptions } from '@googleapis/calendar';
import { contentToGoogleEvent, createGoogleAdapter, googleEndpointsAt } from '../src/index.js';
import type {
  GoogleAdapterOptions,
  GoogleCalendarAdapter,
  GoogleOAuthEndpoints,
} from '../src/index.js';
import { eventTimeToGoogle } from '@calsync/core';

/** Titles the corrupting fetch mangles on the way back (see {@link GoogleSandbox.fetch}). */
export const MALFORMED_MARKER = '__calsync_malformed__';

/** One recorded request the adapter made. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
}

/** A sandbox on 127.0.0.1:0, one Google account, the adapter acting as it, and the user's own client. */
export interface GoogleSandbox {
  readonly server: RunningSandboxServer;
  readonly email: string;
  readonly accessToken: string;
  readonly providerBaseUrl: string;
  readonly endpoints: { apiRootUrl: string; oauth: GoogleOAuthEndpoints };
  readonly adapter: GoogleCalendarAdapter;
  /** Every request the adapter sent. */
  readonly requests: RecordedRequest[];
  /**
   * The adapter's fetch: records requests and, like a misbehaving proxy, breaks the start time of
   * list items titled {@link MALFORMED_MARKER} (the sandbox refuses malformed writes, as Google does).
   */
  readonly fetch: typeof fetch;
  /** The official client acting as the user in their own calendar UI. */
  readonly user: calendar_v3.Calendar;
  readonly userCall: MethodOptions;
  /** Idempotent. */
  close(): Promise<void>;
}

function corrupt(body: unknown): unknown {
  const items = (body as { items?: Record<string, unknown>[] } | null)?.items;
  if (!Array.isArray(items)) return body;
  for (const item of items) {
    if (item.summary === MALFORMED_MARKER) item.start = { dateTime: 'not-a-date' };
  }
  return body;
}

/**
 * Starts a sandbox and builds the adapter against it.
 *
 * @example
 * const s = await googleSandbox();
 * await s.adapter.listCalendars();
 */
export async function googleSandbox(
  options: Omit<SandboxServerOptions, 'port'> = {},
  adapterOptions: GoogleAdapterOptions = {},
  email = 'ann@example.com',
): Promise<GoogleSandbox> {
  const server = await startSandboxServer({ port: 0, ...options });
  const providerBaseUrl = `${server.url}/google`;
  const endpoints = googleEndpointsAt(providerBaseUrl);
  const account = await server.sandbox.control.createAccount({ provider: 'google', email });
  const requests: RecordedRequest[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    requests.push({ method: request.method, url: request.url, headers: request.headers });
    const response = await fetch(request);
    if (request.method !== 'GET' || !/\/events(\?|$)/.test(new URL(request.url).pathname + '?')) {
      return response;
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return new Response(text, { status: response.status, headers: response.headers });
    }
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(JSON.stringify(corrupt(body)), { status: response.status, headers });
  };
  const adapter = createGoogleAdapter(
    {
      fetch: recordingFetch,
      now: () => new Date(),
      getAccessToken: async () => account.access_token,
    },
    { apiRootUrl: endpoints.apiRootUrl, oauthEndpoints: endpoints.oauth, ...adapterOptions },
  );
  let closed = false;
  const userAuth = new auth.OAuth2();
  userAuth.setCredentials({ access_token: account.access_token });
  return {
    server,
    email,
    accessToken: account.access_token,
    providerBaseUrl,
    endpoints,
    adapter,
    requests,
    fetch: recordingFetch,
    user: new calendar_v3.Calendar({ auth: userAuth }),
    userCall: { rootUrl: endpoints.apiRootUrl, retry: false },
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };
}

/** The user's own write of canonical content (no Calsync stamp). */
export function userBody(content: EventContent): calendar_v3.Schema$Event {
  return contentToGoogleEvent(content, {
    mode: 'insert',
    floatingZone: 'UTC',
    appointmentId: null,
    meetRequestId: 'user-meet',
    visibility: null,
  });
}

async function instanceAt(
  s: GoogleSandbox,
  calendarId: string,
  seriesId: string,
  originalStart: OriginalStart,
): Promise<calendar_v3.Schema$Event> {
  const at =
    originalStart.kind === 'instant'
      ? originalStart.atUTC
      : originalStart.kind === 'date'
        ? `${originalStart.date}T00:00:00Z`
        : `${originalStart.atLocal}Z`;
  const list = await s.user.events.instances(
    { calendarId, eventId: seriesId, originalStart: at, showDeleted: true },
    s.userCall,
  );
  const instance = list.data.items?.[0];
  if (!instance?.id) throw new Error(`no instance of ${seriesId} at ${at}`);
  return instance;
}

/** The contract kit's subject: the adapter on a fresh sandbox, the user's client as remote. */
export async function contractSubject(): Promise<ContractSubject> {
  const s = await googleSandbox();
  const calendarId = 'primary';
  return {
    adapter: s.adapter,
    calendarId,
    remote: {
      async createExternal(content) {
        const created = await s.user.events.insert(
          { calendarId, conferenceDataVersion: 1, requestBody: userBody(content) },
          s.userCall,
        );
        return created.data.id!;
      },
      async updateExternal(externalId, patch) {
        const current = await s.user.events.get({ calendarId, eventId: externalId }, s.userCall);
        const body: calendar_v3.Schema$Event = {};
        if (patch.title !== undefined) body.summary = patch.title;
        if (patch.description !== undefined) body.description = patch.description;
        if (patch.location !== undefined) body.location = patch.location;
        if (patch.time !== undefined) Object.assign(body, eventTimeToGoogle(patch.time, 'UTC'));
        await s.user.events.patch(
          { calendarId, eventId: externalId, requestBody: body },
          { ...s.userCall, headers: { 'If-Match': current.data.etag! } },
        );
      },
      async deleteExternal(externalId) {
        await s.user.events.delete({ calendarId, eventId: externalId }, s.userCall);
      },
      async moveInstance(seriesId, originalStart, time: EventTime) {
        const instance = await instanceAt(s, calendarId, seriesId, originalStart);
        await s.user.events.patch(
          { calendarId, eventId: instance.id!, requestBody: eventTimeToGoogle(time, 'UTC') },
          s.userCall,
        );
      },
      async cancelInstance(seriesId, originalStart) {
        const instance = await instanceAt(s, calendarId, seriesId, originalStart);
        await s.user.events.delete({ calendarId, eventId: instance.id! }, s.userCall);
      },
      async expireCursors() {
        await s.server.sandbox.control.expire({
          provider: 'google',
          email: s.email,
          what: 'sync_tokens',
        });
      },
      async injectMalformed() {
        const created = await s.user.events.insert(
          {
            calendarId,
            requestBody: {
              summary: MALFORMED_MARKER,
              start: { dateTime: '2026-03-11T10:00:00Z' },
              end: { dateTime: '2026-03-11T11:00:00Z' },
            },
          },
          s.userCall,
        );
        return created.data.id!;
      },
    },
    cleanup: () => s.close(),
  };
}

/** A received HTTP request. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** An HTTP receiver on 127.0.0.1:0 recording requests (a stand-in for the server's webhook route). */
export async function receiver(): Promise<{
  url: string;
  requests: ReceivedRequest[];
  next(): Promise<ReceivedRequest>;
  close(): Promise<void>;
}> {
  const requests: ReceivedRequest[] = [];
  const waiting: ((request: ReceivedRequest) => void)[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
      requests.push(received);
      waiting.shift()?.(received);
      res.statusCode = 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let served = 0;
  return {
    url: `http://127.0.0.1:${port}/api/v1/webhooks/google`,
    requests,
    next: () =>
      new Promise((resolve) => {
        const ready = requests[served];
        if (ready !== undefined) {
          served++;
          resolve(ready);
          return;
        }
        waiting.push((request) => {
          served++;
          resolve(request);
        });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

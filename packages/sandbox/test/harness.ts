import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { auth, calendar_v3 } from '@googleapis/calendar';
import { startSandboxServer } from '../src/index.js';
import type { RunningSandboxServer, SandboxServerOptions } from '../src/index.js';

/** A clock tests move by hand. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export function testClock(startIso = '2026-03-02T12:00:00Z'): TestClock {
  let nowMs = Date.parse(startIso);
  return {
    now: () => new Date(nowMs),
    advance(ms) {
      nowMs += ms;
    },
  };
}

/** A sandbox on 127.0.0.1:0 with one Google account and an official Calendar client acting as it. */
export interface GoogleHarness {
  server: RunningSandboxServer;
  clock: TestClock;
  email: string;
  accessToken: string;
  calendar: calendar_v3.Calendar;
  /** Per-call options: rootUrl keeps the /sandbox/google prefix; no client retries. */
  call: { rootUrl: string; retry: false };
  close(): Promise<void>;
}

export async function googleHarness(
  options: Omit<SandboxServerOptions, 'now'> = {},
): Promise<GoogleHarness> {
  const clock = testClock();
  const server = await startSandboxServer({ port: 0, ...options, now: clock.now });
  const email = 'ann@example.com';
  const account = await server.sandbox.control.createAccount({ provider: 'google', email });
  const client = new auth.OAuth2();
  client.setCredentials({ access_token: account.access_token });
  return {
    server,
    clock,
    email,
    accessToken: account.access_token,
    calendar: new calendar_v3.Calendar({ auth: client }),
    call: { rootUrl: `${server.url}/google/`, retry: false },
    close: () => server.close(),
  };
}

/** The status of a rejected googleapis call (gaxios error), or 0. */
export async function statusOf(
  promise: Promise<unknown>,
): Promise<{ status: number; body: unknown }> {
  try {
    await promise;
    return { status: 0, body: undefined };
  } catch (error) {
    const response = (error as { response?: { status: number; data: unknown } }).response;
    return { status: response?.status ?? -1, body: response?.data };
  }
}

/** A received HTTP request. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** An HTTP receiver on 127.0.0.1:0 that records requests and answers with scripted statuses. */
export async function receiver(statuses: number[] = []): Promise<{
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { startSandboxServer } from '@calsync/sandbox';
import type { RunningSandboxServer, SandboxServerOptions } from '@calsync/sandbox';
import { createZoomProvider } from '../../src/index.js';
import type { ZoomProvider, ZoomProviderOptions } from '../../src/index.js';

/** One request the provider sent, as the test sees it. */
export interface RecordedCall {
  readonly method: string;
  /** Path below `/sandbox/zoom`, e.g. `/oauth/token`, `/v2/meetings/123`. */
  readonly path: string;
  readonly search: string;
  readonly headers: Headers;
  readonly body: string | null;
}

/** A sandbox on 127.0.0.1:0 whose clock the test moves. */
export interface ZoomTestEnv {
  readonly server: RunningSandboxServer;
  /** `…/sandbox/zoom`. */
  readonly zoomBase: string;
  readonly calls: RecordedCall[];
  now(): Date;
  advanceMs(ms: number): void;
  /** A recording fetch; `failNext()` makes the next request throw like a reset connection. */
  readonly fetch: typeof fetch & { failNext(): void };
  /** A Zoom user of the sandbox account; returns its e-mail. */
  host(email?: string): Promise<string>;
  /** A provider pointed at the sandbox, sharing the recording fetch and the clock. */
  provider(options?: Partial<ZoomProviderOptions>): ZoomProvider;
  /** The meeting as Zoom stores it, read with a token of our own (not through the provider). */
  readMeeting(meetingId: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Every meeting of a user, read directly. */
  listMeetings(userId: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Fixed start of every test's clock. */
export const TEST_EPOCH = '2026-11-20T09:00:00.000Z';

let hostCounter = 0;

/** Starts the sandbox in-process with a controllable clock. */
export async function startZoomSandbox(
  options: Omit<SandboxServerOptions, 'now' | 'port'> = {},
): Promise<ZoomTestEnv> {
  let nowMs = Date.parse(TEST_EPOCH);
  const now = (): Date => new Date(nowMs);
  const server = await startSandboxServer({ ...options, port: 0, now });
  const zoomBase = `${server.url}/zoom`;
  const calls: RecordedCall[] = [];
  let failNext = false;
  const recording = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push({
      method: init?.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(/^\/sandbox\/zoom/, ''),
      search: url.search,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : null,
    });
    if (failNext) {
      failNext = false;
      throw new TypeError('fetch failed: socket hang up');
    }
    return fetch(input, init);
  };
  const recordingFetch = Object.assign(recording, {
    failNext: () => {
      failNext = true;
    },
  }) as typeof fetch & { failNext(): void };

  const directToken = async (): Promise<string> => {
    const answer = await fetch(`${zoomBase}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('client-test:secret-test').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=account_credentials&account_id=acct-test',
    });
    return ((await answer.json()) as { access_token: string }).access_token;
  };

  return {
    server,
    zoomBase,
    calls,
    now,
    advanceMs: (ms) => {
      nowMs += ms;
    },
    fetch: recordingFetch,
    async host(email) {
      hostCounter++;
      const account = await server.sandbox.control.createAccount({
        provider: 'zoom',
        email: email ?? `host${hostCounter}@zoom.test`,
      });
      return account.email;
    },
    provider(overrides = {}) {
      return createZoomProvider({
        accountId: 'acct-test',
        clientId: 'client-test',
        clientSecret: 'secret-test',
        baseUrl: `${zoomBase}/v2`,
        oauthUrl: `${zoomBase}/oauth/token`,
        fetch: recordingFetch,
        now,
        ...overrides,
      });
    },
    async readMeeting(meetingId) {
      const answer = await fetch(`${zoomBase}/v2/meetings/${meetingId}`, {
        headers: { authorization: `Bearer ${await directToken()}` },
      });
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    },
    async listMeetings(userId) {
      const answer = await fetch(`${zoomBase}/v2/users/${encodeURIComponent(userId)}/meetings`, {
        headers: { authorization: `Bearer ${await directToken()}` },
      });
      return ((await answer.json()) as { meetings: Record<string, unknown>[] }).meetings;
    },
    close: () => server.close(),
  };
}

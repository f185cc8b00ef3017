import type {
  AdapterContext,
  EventContent,
  ProviderAdapter,
  PullRequest,
  RemoteChange,
  RemoteEvent,
} from '@calsync/core';
import { syncWindowRange } from '@calsync/core';
import { type CalDAVAdapterOptions, createCalDAVAdapter } from '../src/index.js';
import {
  type CalDAVRemoteControl,
  type TestCalDAVServer,
  type TokenExpiry,
  calDAVRemoteControl,
  createTestCalendar,
  startRadicale,
  startXandikos,
  tokenExpiry,
} from '../src/testing/index.js';

/** One server under test, with the account the tests use. */
export interface ServerUnderTest {
  readonly server: TestCalDAVServer;
  readonly username: string;
  readonly password: string;
  /** Whether wrong passwords are refused (Radicale htpasswd; Xandikos has no auth). */
  readonly authenticates: boolean;
}

export async function startServer(kind: 'radicale' | 'xandikos'): Promise<ServerUnderTest> {
  if (kind === 'radicale') {
    return {
      server: await startRadicale({ users: { alice: 'secret' } }),
      username: 'alice',
      password: 'secret',
      authenticates: true,
    };
  }
  return { server: await startXandikos(), username: 'user', password: 'any', authenticates: false };
}

/** A fresh calendar with an adapter on it and "another client". */
export interface Fixture {
  readonly calendarId: string;
  readonly adapter: ProviderAdapter;
  readonly other: CalDAVRemoteControl;
  readonly expiry: TokenExpiry;
  /** Requests sent by the adapter. */
  readonly requests: { method: string; url: string }[];
}

export const NOW = new Date('2026-03-01T00:00:00.000Z');
export const WINDOW = syncWindowRange(NOW);

export async function fixture(
  sut: ServerUnderTest,
  options: CalDAVAdapterOptions = {},
  hooks: {
    /** Runs after each PUT of the adapter, before its answer is handed back. */
    afterPut?: (url: string) => Promise<void>;
  } = {},
): Promise<Fixture> {
  const calendarId = await createTestCalendar(sut.server, {
    username: sut.username,
    password: sut.password,
  });
  const requests: { method: string; url: string }[] = [];
  const counting: typeof fetch = async (input, init) => {
    requests.push({ method: init?.method ?? 'GET', url: String(input) });
    const response = await fetch(input, init);
    if (init?.method === 'PUT' && hooks.afterPut) await hooks.afterPut(String(input));
    return response;
  };
  const expiry = tokenExpiry(counting);
  const context: AdapterContext = {
    fetch: expiry.fetch,
    now: () => new Date(),
    getAccessToken: async () => '',
  };
  const adapter = createCalDAVAdapter(
    context,
    {
      flavour: 'generic',
      serverUrl: sut.server.serverUrl,
      username: sut.username,
      password: sut.password,
    },
    options,
  );
  const other = calDAVRemoteControl({
    calendarUrl: calendarId,
    username: sut.username,
    password: sut.password,
  });
  return { calendarId, adapter, other, expiry, requests };
}

/** Pulls a whole round. */
export async function pullRound(
  adapter: ProviderAdapter,
  calendarId: string,
  cursor: string | null,
  pageSize = 100,
  window = WINDOW,
): Promise<{
  changes: RemoteChange[];
  issues: { externalId: string | null; reason: string }[];
  cursor: string;
  pages: number;
}> {
  const changes: RemoteChange[] = [];
  const issues: { externalId: string | null; reason: string }[] = [];
  let request: PullRequest = { calendarId, cursor, checkpoint: null, window, pageSize };
  for (let pages = 1; ; pages++) {
    const page = await adapter.pullChanges(request);
    changes.push(...page.changes);
    issues.push(...page.issues);
    if (page.next.kind === 'done') return { changes, issues, cursor: page.next.cursor, pages };
    request = { ...request, checkpoint: page.next.checkpoint };
  }
}

export const upserts = (changes: readonly RemoteChange[]): RemoteEvent[] =>
  changes.flatMap((c) => (c.kind === 'upsert' ? [c.event] : []));

export function content(overrides: Partial<EventContent> = {}): EventContent {
  return {
    title: 'Planning',
    description: 'Quarterly planning, bring numbers',
    location: 'Room 4',
    time: {
      kind: 'zoned',
      startsAtUTC: '2026-03-10T14:00:00.000Z',
      endsAtUTC: '2026-03-10T15:00:00.000Z',
      timeZone: 'Europe/Berlin',
    },
    recurrence: null,
    attendees: [],
    status: 'confirmed',
    meeting: null,
    reminders: { useDefault: true, overrides: [] },
    transparency: 'opaque',
    ...overrides,
  };
}

let keys = 0;
export function key(): string {
  keys++;
  return `k${process.pid.toString(36)}${Date.now().toString(36)}${keys.toString(36)}`;
}

/** Unfolded content lines of a text, for comparing properties regardless of folding. */
export function contentLines(text: string): string[] {
  return text
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter(Boolean);
}

import { describe, expect, it } from 'vitest';
import type { CalsyncError } from '../src/index.js';
import { createCalsyncClient, type ChangeEvent } from '../src/index.js';
import { fakeFetch, type FakeAnswer, type SentRequest } from './fake-fetch.js';

const change = (seq: number, type = 'appointment.updated') =>
  `id: ${seq}\ndata: ${JSON.stringify({
    seq,
    type,
    user_id: 'u1',
    data: { id: `a${seq}`, host_ref: null, version: 1 },
    at: '2026-06-01T09:00:00.000Z',
  })}\n\n`;

/** An event-stream response that sends `chunks` and then ends (the connection drops). */
const eventStream = (...chunks: string[]): Response =>
  new Response(
    new ReadableStream({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );

/** An event-stream that sends `chunks` and stays open until the request is aborted. */
const openStream =
  (...chunks: string[]) =>
  (_request: SentRequest): FakeAnswer =>
    new Response(
      new ReadableStream({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        },
      }),
    );

function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (condition() ? resolve() : setTimeout(check, 1));
    check();
  });
}

describe('stream.subscribe', () => {
  it('delivers typed, camelCased events and resumes after the last one on reconnect', async () => {
    const { fetch, requests } = fakeFetch(
      () => eventStream('retry: 1\n\n', change(1), change(2)),
      () => eventStream(change(3)),
      openStream(': heartbeat\n\n'),
    );
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 'cst_1', fetch });
    const events: ChangeEvent[] = [];
    let opens = 0;
    const errors: [string, boolean][] = [];
    const unsubscribe = calsync.stream.subscribe((event) => events.push(event), {
      onOpen: () => opens++,
      onError: (error, { willRetry }) => errors.push([error.code, willRetry]),
      maxDelayMs: 5,
    });
    await until(() => requests.length === 3);
    unsubscribe();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[0]).toEqual({
      seq: 1,
      type: 'appointment.updated',
      userId: 'u1',
      data: { id: 'a1', hostRef: null, version: 1 },
      at: '2026-06-01T09:00:00.000Z',
    });
    expect(requests.map((r) => r.headers.get('last-event-id'))).toEqual([null, '2', '3']);
    expect(requests[0]!.url.pathname).toBe('/api/v1/stream');
    expect(requests[0]!.headers.get('accept')).toBe('text/event-stream');
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer cst_1');
    expect(opens).toBe(3);
    expect(errors).toEqual([
      ['network_error', true],
      ['network_error', true],
    ]);
  });

  it('starts after the given seq and filters by type', async () => {
    const { fetch, requests } = fakeFetch(
      openStream(change(11, 'sync.failed'), change(12, 'integration.updated')),
    );
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    const events: ChangeEvent[] = [];
    const unsubscribe = calsync.stream.subscribe((event) => events.push(event), {
      after: 10,
      types: ['integration.updated'],
    });
    await until(() => events.length === 1);
    unsubscribe();
    expect(requests[0]!.headers.get('last-event-id')).toBe('10');
    expect(events.map((e) => e.type)).toEqual(['integration.updated']);
  });

  it('reconnects after server and network errors, with backoff', async () => {
    const { fetch, requests } = fakeFetch(
      { status: 503, body: { error: { code: 'unavailable', message: 'busy' } } },
      new TypeError('network down'),
      openStream(change(1)),
    );
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    const errors: CalsyncError[] = [];
    const events: ChangeEvent[] = [];
    const unsubscribe = calsync.stream.subscribe((event) => events.push(event), {
      onError: (error) => errors.push(error),
      maxDelayMs: 5,
    });
    await until(() => events.length === 1);
    unsubscribe();
    expect(errors.map((e) => [e.code, e.status])).toEqual([
      ['unavailable', 503],
      ['network_error', 0],
    ]);
    expect(requests).toHaveLength(3);
  });

  it('refreshes the token after a 401 and stops when a reconnect cannot help', async () => {
    const { fetch, requests } = fakeFetch({
      status: 401,
      body: { error: { code: 'unauthorized', message: 'expired' } },
    });
    const tokens: boolean[] = [];
    const calsync = createCalsyncClient({
      baseUrl: 'https://calsync.test',
      fetch,
      getToken: async ({ expired }) => {
        tokens.push(expired);
        return 'cst_x';
      },
    });
    const failures: [string, boolean][] = [];
    calsync.stream.subscribe(() => undefined, {
      onError: (error, { willRetry }) => failures.push([error.code, willRetry]),
      maxDelayMs: 5,
    });
    await until(() => failures.length === 1);
    expect(failures).toEqual([['unauthorized', false]]);
    expect(tokens).toEqual([false, true]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toHaveLength(2);
  });

  it('ends when the signal aborts, and a throwing handler does not break the stream', async () => {
    const { fetch } = fakeFetch(openStream(change(1), change(2)));
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    const controller = new AbortController();
    const seen: number[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      calsync.stream.subscribe(
        (event) => {
          seen.push(event.seq);
          if (event.seq === 1) throw new Error('handler bug');
        },
        { signal: controller.signal },
      );
      await until(() => seen.length === 2 && uncaught.length === 1);
      controller.abort();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(seen).toEqual([1, 2]);
    expect(uncaught).toEqual([new Error('handler bug')]);
  });

  it('narrows data by type', () => {
    const describeEvent = (event: ChangeEvent): string => {
      switch (event.type) {
        case 'integration.updated':
          return event.data.syncStatus;
        case 'sync.failed':
          return event.data.attemptId;
        default:
          return event.type;
      }
    };
    expect(
      describeEvent({
        seq: 1,
        type: 'integration.updated',
        userId: null,
        at: '',
        data: { id: 'i', syncStatus: 'paused' },
      }),
    ).toBe('paused');
  });
});

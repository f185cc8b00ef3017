import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../core/client.js';
import { apiRootOf, CalsyncRequestError, createFetchClient } from './fetch-client.js';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function fakeFetch(respond: (seen: Seen) => Response) {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request: Seen = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    seen.push(request);
    return respond(request);
  };
  return { seen, fetch };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createFetchClient', () => {
  it('finds the API root from a server URL or the API URL itself', () => {
    expect(apiRootOf('https://c.example.com/')).toBe('https://c.example.com/api/v1');
    expect(apiRootOf('https://c.example.com/api/v1')).toBe('https://c.example.com/api/v1');
  });

  it('sends the bearer token, snake_case bodies, and answers in camelCase', async () => {
    const { seen, fetch } = fakeFetch(() =>
      json({ id: 'i1', provider: 'icloud', sync_status: 'active', account_email: 'a@b.c' }, 201),
    );
    const client = createFetchClient({ baseUrl: 'https://c.example.com', token: 'cst_1', fetch });
    const integration = await client.integrations.connect({
      provider: 'caldav',
      serverUrl: 'https://dav.example.com',
      username: 'ann',
      password: 'pw',
    });
    expect(integration).toEqual({
      id: 'i1',
      provider: 'icloud',
      syncStatus: 'active',
      accountEmail: 'a@b.c',
    });
    expect(seen[0]).toMatchObject({
      url: 'https://c.example.com/api/v1/calendar-integrations',
      method: 'POST',
      headers: { authorization: 'Bearer cst_1', 'content-type': 'application/json' },
      body: {
        provider: 'caldav',
        server_url: 'https://dav.example.com',
        username: 'ann',
        password: 'pw',
      },
    });
  });

  it('keeps merged field values as they are', async () => {
    const { seen, fetch } = fakeFetch(() => json({}));
    const client = createFetchClient({ baseUrl: 'https://c.example.com', token: 't', fetch });
    const time = { kind: 'zoned', startsAtUTC: '2026-03-05T14:00:00Z' };
    await client.integrations.resolveConflict('i 1', 'c1', {
      resolution: 'merged',
      merged: { time },
    });
    expect(seen[0]!.url).toBe(
      'https://c.example.com/api/v1/calendar-integrations/i%201/conflicts/c1/resolve',
    );
    expect(seen[0]!.body).toEqual({ resolution: 'merged', merged: { time } });
  });

  it('raises the API error code', async () => {
    const { fetch } = fakeFetch(() =>
      json(
        { error: { code: 'caldav_auth_failed', message: 'Use an app-specific password.' } },
        422,
      ),
    );
    const client = createFetchClient({ baseUrl: 'https://c.example.com', token: 't', fetch });
    const failure = client.integrations.connect({
      provider: 'icloud',
      username: 'a',
      password: 'b',
    });
    await expect(failure).rejects.toBeInstanceOf(CalsyncRequestError);
    await expect(failure).rejects.toMatchObject({ code: 'caldav_auth_failed', status: 422 });
  });

  it('puts query parameters on lists', async () => {
    const { seen, fetch } = fakeFetch(() => json({ busy: [], fetched_at: null }));
    const client = createFetchClient({ baseUrl: 'https://c.example.com', token: 't', fetch });
    await client.availability.get({ from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' });
    expect(seen[0]!.url).toBe(
      'https://c.example.com/api/v1/availability?from=2026-03-02T00%3A00%3A00Z&to=2026-03-09T00%3A00%3A00Z',
    );
  });

  it('streams changes and reopens after a drop from the last event id', async () => {
    let opened = 0;
    const { seen, fetch } = fakeFetch(() => {
      opened++;
      const body =
        opened === 1
          ? 'retry: 1\n\nid: 5\ndata: {"seq":5,"type":"integration.updated","data":{"integration_id":"i1"}}\n\n'
          : 'id: 6\ndata: {"seq":6,"type":"sync.failed","data":{}}\n\n';
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const client = createFetchClient({ baseUrl: 'https://c.example.com', token: 't', fetch });
    const changes: ChangeEvent[] = [];
    let stop: () => void = () => {};
    await new Promise<void>((resolve) => {
      const subscription = client.stream.subscribe((change) => {
        changes.push(change);
        if (changes.length === 2) resolve();
      });
      stop = typeof subscription === 'function' ? subscription : () => subscription.unsubscribe();
    });
    stop();
    expect(changes.map((c) => c.seq)).toEqual([5, 6]);
    expect(changes[0]!.data).toEqual({ integrationId: 'i1' });
    expect(seen[1]!.headers['last-event-id']).toBe('5');
  });
});

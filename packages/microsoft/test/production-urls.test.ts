import { pullAll } from '@calsync/core/testing';
import { describe, expect, test } from 'vitest';
import { createMicrosoftAdapter } from '../src/index.js';

/**
 * Without a network: the adapter pointed at Microsoft's real hosts, answered by a fake `fetch`.
 * Proves the https nextLink / deltaLink handling and the headers Graph would receive.
 */
describe('production URLs', () => {
  test('delta pages follow https nextLinks and keep the https deltaLink, with the bearer token', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const root = 'https://graph.microsoft.com/v1.0';
    const fakeFetch: typeof fetch = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      seen.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      const body = url.includes('$skiptoken=')
        ? {
            value: [],
            '@odata.deltaLink': `${root}/me/calendars/cal%201/calendarView/delta?$deltatoken=D1`,
          }
        : {
            value: [],
            '@odata.nextLink': `${root}/me/calendars/cal%201/calendarView/delta?$skiptoken=S1`,
          };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const adapter = createMicrosoftAdapter({
      fetch: fakeFetch,
      now: () => new Date('2026-03-01T00:00:00Z'),
      getAccessToken: async () => 'token-1',
    });
    const result = await pullAll(adapter, {
      calendarId: 'cal 1',
      cursor: null,
      checkpoint: null,
      window: { startsAtUTC: '2026-02-01T00:00:00.000Z', endsAtUTC: '2026-05-01T00:00:00.000Z' },
    });
    expect(seen.map((s) => s.url)).toEqual([
      `${root}/me/calendars/cal%201/calendarView/delta?startDateTime=2026-02-01T00%3A00%3A00.000Z&endDateTime=2026-05-01T00%3A00%3A00.000Z`,
      `${root}/me/calendars/cal%201/calendarView/delta?$skiptoken=S1`,
    ]);
    expect(seen.every((s) => s.authorization === 'Bearer token-1')).toBe(true);
    expect(JSON.parse(result.cursor).link).toBe(
      `${root}/me/calendars/cal%201/calendarView/delta?$deltatoken=D1`,
    );
    await pullAll(adapter, {
      calendarId: 'cal 1',
      cursor: result.cursor,
      checkpoint: null,
      window: { startsAtUTC: '2026-02-01T00:00:00.000Z', endsAtUTC: '2026-05-01T00:00:00.000Z' },
    });
    expect(seen.at(-2)?.url).toBe(`${root}/me/calendars/cal%201/calendarView/delta?$deltatoken=D1`);
  });
});

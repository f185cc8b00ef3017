import { describe, expect, it } from 'vitest';
import { createCalsyncClient } from '../src/index.js';
import { fakeFetch, type SentRequest } from './fake-fetch.js';

/** Three pages of appointments, chained by cursor. */
const pages = (request: SentRequest) => {
  const cursor = request.url.searchParams.get('cursor');
  if (!cursor) return { body: { data: [{ id: 'a1' }, { id: 'a2' }], next_cursor: 'c1' } };
  if (cursor === 'c1') return { body: { data: [{ id: 'a3' }], next_cursor: 'c2' } };
  return { body: { data: [{ id: 'a4', host_ref: 'h4' }], next_cursor: null } };
};

describe('paginated lists', () => {
  it('iterates every item of every page, following the cursor', async () => {
    const { fetch, requests } = fakeFetch(pages);
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    const items = [];
    for await (const item of calsync.appointments.list({ userId: 'u1', limit: 2 })) {
      items.push(item);
    }
    expect(items).toEqual([{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }, { id: 'a4', hostRef: 'h4' }]);
    expect(requests.map((r) => r.url.search)).toEqual([
      '?user_id=u1&limit=2',
      '?user_id=u1&limit=2&cursor=c1',
      '?user_id=u1&limit=2&cursor=c2',
    ]);
  });

  it('answers the first page when awaited, and shares it with the iterator', async () => {
    const { fetch, requests } = fakeFetch(pages);
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    const list = calsync.webhookEndpoints.list();
    expect(await list).toEqual({ data: [{ id: 'a1' }, { id: 'a2' }], nextCursor: 'c1' });
    const ids: string[] = [];
    for await (const item of list) ids.push((item as { id: string }).id);
    expect(ids).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(requests).toHaveLength(3);
  });

  it('is a real promise', async () => {
    const { fetch } = fakeFetch({
      status: 500,
      body: { error: { code: 'internal_error', message: '' } },
    });
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    const list = calsync.appointments.list();
    expect(list).toBeInstanceOf(Promise);
    await expect(list.catch((e: { code: string }) => e.code)).resolves.toBe('internal_error');
  });

  it('stops fetching when the loop breaks', async () => {
    const { fetch, requests } = fakeFetch(pages);
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    for await (const item of calsync.audit.list()) {
      expect(item).toEqual({ id: 'a1' });
      break;
    }
    expect(requests).toHaveLength(1);
  });

  it('starts at the cursor it is given', async () => {
    const { fetch, requests } = fakeFetch(pages);
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    const ids: string[] = [];
    for await (const item of calsync.approvals.list({ status: 'pending', cursor: 'c1' })) {
      ids.push((item as { id: string }).id);
    }
    expect(ids).toEqual(['a3', 'a4']);
    expect(requests.map((r) => r.url.search)).toEqual([
      '?status=pending&cursor=c1',
      '?status=pending&cursor=c2',
    ]);
  });

  it('pages every list of a connection', async () => {
    const { fetch, requests } = fakeFetch(pages);
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    const lists = [
      calsync.integrations.list({ limit: 2 }),
      calsync.integrations.calendars('i1', { limit: 2 }),
      calsync.integrations.conflicts('i1', { status: 'open', limit: 2 }),
      calsync.integrations.syncAttempts('i1', { limit: 2 }),
      calsync.webhookEndpoints.deliveries('w1', { limit: 2 }),
    ];
    for (const list of lists) {
      expect(await list).toEqual({ data: [{ id: 'a1' }, { id: 'a2' }], nextCursor: 'c1' });
    }
    expect(requests.map((r) => `${r.url.pathname}${r.url.search}`)).toEqual([
      '/api/v1/calendar-integrations?limit=2',
      '/api/v1/calendar-integrations/i1/calendars?limit=2',
      '/api/v1/calendar-integrations/i1/conflicts?status=open&limit=2',
      '/api/v1/calendar-integrations/i1/sync-attempts?limit=2',
      '/api/v1/webhook-endpoints/w1/deliveries?limit=2',
    ]);
  });
});

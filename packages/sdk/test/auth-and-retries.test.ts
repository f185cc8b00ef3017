import { describe, expect, it } from 'vitest';
import { createCalsyncClient } from '../src/index.js';
import { fakeFetch, type SentRequest } from './fake-fetch.js';

const unauthorized = {
  status: 401,
  body: { error: { code: 'unauthorized', message: 'expired' } },
};

/** Accepts only `cst_fresh`. */
const onlyFresh = (request: SentRequest) =>
  request.headers.get('authorization') === 'Bearer cst_fresh'
    ? { body: { id: 'i1' } }
    : unauthorized;

describe('session tokens', () => {
  it('after a 401, asks once more for a fresh token and retries once', async () => {
    const { fetch, requests } = fakeFetch(onlyFresh);
    const asked: boolean[] = [];
    const calsync = createCalsyncClient({
      baseUrl: 'https://calsync.test',
      fetch,
      getToken: async ({ expired }) => {
        asked.push(expired);
        return expired ? 'cst_fresh' : 'cst_cached';
      },
    });
    // A write too: a 401 means it was never applied, so sending it again is safe.
    await expect(calsync.integrations.update('i1', { syncEnabled: true })).resolves.toEqual({
      id: 'i1',
    });
    expect(asked).toEqual([false, true]);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toEqual({ sync_enabled: true });
  });

  it('gives up with the 401 when the fresh token is refused too', async () => {
    const { fetch, requests } = fakeFetch(unauthorized);
    const calsync = createCalsyncClient({
      baseUrl: 'https://calsync.test',
      fetch,
      getToken: async () => 'cst_revoked',
    });
    await expect(calsync.integrations.get('i1')).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
    });
    expect(requests).toHaveLength(2);
  });

  it('shares one refresh between concurrent 401s', async () => {
    const { fetch } = fakeFetch(onlyFresh);
    let refreshes = 0;
    const calsync = createCalsyncClient({
      baseUrl: 'https://calsync.test',
      fetch,
      getToken: async ({ expired }) => {
        if (!expired) return 'cst_stale';
        refreshes++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return 'cst_fresh';
      },
    });
    await Promise.all([1, 2, 3].map(() => calsync.integrations.get('i1')));
    expect(refreshes).toBe(1);
  });

  it('does not retry a 401 with a fixed token', async () => {
    const { fetch, requests } = fakeFetch(unauthorized);
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 'sk_x', fetch });
    await expect(calsync.integrations.get('i1')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(requests).toHaveLength(1);
  });
});

describe('retries', () => {
  const busy = {
    status: 503,
    headers: { 'retry-after': '0' },
    body: { error: { code: 'unavailable', message: 'busy' } },
  };

  it('are off by default', async () => {
    const { fetch, requests } = fakeFetch(busy, { body: { id: 'i1' } });
    const calsync = createCalsyncClient({ baseUrl: 'https://calsync.test', token: 't', fetch });
    await expect(calsync.integrations.get('i1')).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(1);
  });

  it('retry GETs after 503, 429 and network errors when opted in', async () => {
    const { fetch, requests } = fakeFetch(
      busy,
      { ...busy, status: 429 },
      new TypeError('socket hang up'),
      { body: { id: 'i1' } },
    );
    const calsync = createCalsyncClient({
      baseUrl: 'https://calsync.test',
      token: 't',
      fetch,
      maxRetries: 3,
    });
    await expect(calsync.integrations.get('i1')).resolves.toEqual({ id: 'i1' });
    expect(requests).toHaveLength(4);
  });

  it('stop after maxRetries', async () => {
    const { fetch, requests } = fakeFetch(busy);
    const calsync = createCalsyncClient({
      baseUrl: 'https://calsync.test',
      token: 't',
      fetch,
      maxRetries: 2,
    });
    await expect(calsync.integrations.get('i1')).rejects.toMatchObject({ code: 'unavailable' });
    expect(requests).toHaveLength(3);
  });

  it('never retry writes or errors a retry cannot fix', async () => {
    const { fetch, requests } = fakeFetch(busy);
    const calsync = createCalsyncClient({
      baseUrl: 'https://calsync.test',
      token: 't',
      fetch,
      maxRetries: 5,
    });
    await expect(
      calsync.appointments.create({ title: 't', start: 's', end: 'e' }),
    ).rejects.toMatchObject({ status: 503 });
    expect(requests).toHaveLength(1);

    const notFound = fakeFetch({
      status: 404,
      body: { error: { code: 'not_found', message: '' } },
    });
    const other = createCalsyncClient({
      baseUrl: 'https://calsync.test',
      token: 't',
      fetch: notFound.fetch,
      maxRetries: 5,
    });
    await expect(other.appointments.get('a')).rejects.toMatchObject({ code: 'not_found' });
    expect(notFound.requests).toHaveLength(1);
  });
});

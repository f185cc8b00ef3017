import { describe, expect, it } from 'vitest';
import { CalsyncError, createCalsyncClient } from '../src/index.js';
import { fakeFetch } from './fake-fetch.js';

const client = (fetch: typeof globalThis.fetch) =>
  createCalsyncClient({ baseUrl: 'https://calsync.test', token: 'sk_1', fetch });

describe('errors', () => {
  it('carries the envelope code, status, request id and camelCased details', async () => {
    const { fetch } = fakeFetch({
      status: 400,
      headers: { 'x-request-id': 'req_42' },
      body: {
        error: {
          code: 'invalid_request',
          message: 'body.user_id: Required',
          details: [{ path: 'body.user_id', message: 'Required', request_id: 'req_42' }],
        },
      },
    });
    const error = await client(fetch)
      .sessions.create({ userId: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalsyncError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'CalsyncError',
      code: 'invalid_request',
      message: 'body.user_id: Required',
      status: 400,
      requestId: 'req_42',
      details: [{ path: 'body.user_id', message: 'Required', requestId: 'req_42' }],
      retryAfterSeconds: null,
    });
  });

  it('reads Retry-After', async () => {
    const { fetch } = fakeFetch({
      status: 503,
      headers: { 'retry-after': '7' },
      body: { error: { code: 'unavailable', message: 'busy' } },
    });
    await expect(client(fetch).changes.list()).rejects.toMatchObject({
      code: 'unavailable',
      retryAfterSeconds: 7,
    });
  });

  it('calls a response without the envelope invalid_response', async () => {
    const { fetch } = fakeFetch(
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'x-request-id': 'r' } }),
    );
    await expect(client(fetch).integrations.get('i')).rejects.toMatchObject({
      code: 'invalid_response',
      status: 502,
      requestId: 'r',
    });
  });

  it('calls a successful response that is not JSON invalid_response', async () => {
    const { fetch } = fakeFetch(new Response('hello', { status: 200 }));
    await expect(client(fetch).integrations.get('i')).rejects.toMatchObject({
      code: 'invalid_response',
      status: 200,
    });
  });

  it('turns a failed fetch into network_error with status 0 and the cause', async () => {
    const cause = new TypeError('fetch failed');
    const { fetch } = fakeFetch(cause);
    const error = (await client(fetch)
      .appointments.get('a')
      .catch((e: unknown) => e)) as CalsyncError;
    expect(error).toMatchObject({ code: 'network_error', status: 0, requestId: null });
    expect(error.cause).toBe(cause);
  });

  it('rejects with the abort reason, not a CalsyncError, when the caller aborts', async () => {
    const controller = new AbortController();
    // Like the real one: rejects at once with an aborted signal, or when it aborts later.
    const fetch: typeof globalThis.fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        const signal = init!.signal!;
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    const call = client(fetch).appointments.get('a', { signal: controller.signal });
    controller.abort(new Error('user left'));
    await expect(call).rejects.toThrow('user left');
  });
});

import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withRequestTimeout } from './request-timeout.js';

describe('withRequestTimeout', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // /slow answers headers at once and never finishes the body; /hang never answers; / is quick.
    server = createServer((request, response) => {
      if (request.url === '/hang') return;
      response.writeHead(200, { 'content-type': 'text/plain' });
      if (request.url === '/slow') response.write('partial');
      else response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('passes an answer within the time through', async () => {
    const response = await withRequestTimeout(fetch, 2_000)(`${url}/`);
    expect(await response.text()).toBe('ok');
  });

  it('abandons a request that gets no answer', async () => {
    await expect(withRequestTimeout(fetch, 100)(`${url}/hang`)).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });

  it('abandons a body that never ends', async () => {
    const response = await withRequestTimeout(fetch, 200)(`${url}/slow`);
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it("keeps the caller's own signal", async () => {
    const controller = new AbortController();
    const pending = withRequestTimeout(fetch, 5_000)(`${url}/hang`, {
      signal: controller.signal,
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a timeout that is not a positive number', () => {
    expect(() => withRequestTimeout(fetch, 0)).toThrow(RangeError);
  });
});

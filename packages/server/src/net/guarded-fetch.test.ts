import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_ADDRESS, createAddressPolicy, PUBLIC_ONLY } from './address-policy.js';
import { ServerUnreachableError, UNREACHABLE_MESSAGE } from './errors.js';
import { createGuardedFetch } from './guarded-fetch.js';
import {
  closedPortUrl,
  startLoopbackServer,
  startTarpit,
  type LoopbackServer,
} from './test-servers.js';

/** Only 127.0.0.1 is allowed: 127.0.0.2 stands for "a private host" in these tests. */
const ONLY_ONE = createAddressPolicy(['127.0.0.1']);

describe('guarded fetch', () => {
  let target: LoopbackServer;
  let inside: LoopbackServer;

  beforeAll(async () => {
    inside = await startLoopbackServer((req, res) => res.end('private data'), '127.0.0.2');
    target = await startLoopbackServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const to = url.searchParams.get('to');
      if (to) {
        res.writeHead(Number(url.searchParams.get('status') ?? 302), { location: to }).end();
        return;
      }
      if (url.pathname === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('unpacked'));
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          method: req.method,
          authorization: req.headers.authorization ?? null,
          path: url.pathname,
        }),
      );
    });
  });
  afterAll(async () => {
    await target.close();
    await inside.close();
  });

  const spellings = (port: number) => [
    `http://127.0.0.1:${port}/`,
    `http://2130706433:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://0x7f.0.0.1:${port}/`,
    `http://0x7f000001:${port}/`,
    `http://127.1:${port}/`,
    `http://localhost:${port}/`,
    `http://calsync.localhost:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::ffff:7f00:1]:${port}/`,
  ];

  it('refuses every spelling of a loopback target in production, and reaches it when allowed', async () => {
    const guarded = createGuardedFetch({ policy: PUBLIC_ONLY });
    for (const url of spellings(target.port)) {
      await expect(guarded(url), url).rejects.toThrow(ServerUnreachableError);
    }
    expect(target.requests).toHaveLength(0);
    const open = createGuardedFetch({ policy: ANY_ADDRESS });
    // The IPv6 forms need an IPv6 listener; the IPv4 spellings reach the server.
    for (const url of spellings(target.port).slice(0, 6)) {
      expect((await open(url)).status, url).toBe(200);
    }
    expect(target.requests).toHaveLength(6);
    target.requests.length = 0;
  });

  it('checks the address a name resolves to, resolves once, and connects to that address', async () => {
    const resolved: string[] = [];
    const answers = [['127.0.0.1'], ['127.0.0.2']];
    const guarded = createGuardedFetch({
      policy: ONLY_ONE,
      resolveHost: async (name) => {
        resolved.push(name);
        return answers.shift() ?? ['127.0.0.2'];
      },
    });
    const response = await guarded(`http://calendar.test:${target.port}/x`);
    expect(await response.json()).toMatchObject({ path: '/x' });
    // One lookup per connection: a second answer (a rebinding) is never consulted.
    expect(resolved).toEqual(['calendar.test']);
    await expect(guarded(`http://rebound.test:${inside.port}/`)).rejects.toThrow(
      UNREACHABLE_MESSAGE,
    );
    expect(inside.requests).toHaveLength(0);
    target.requests.length = 0;
  });

  it('drops refused addresses of a name and connects to an allowed one', async () => {
    const guarded = createGuardedFetch({
      policy: ONLY_ONE,
      resolveHost: async () => ['127.0.0.2', '127.0.0.1'],
    });
    expect((await guarded(`http://mixed.test:${target.port}/`)).status).toBe(200);
    target.requests.length = 0;
  });

  it('checks every redirect hop and gives up after five', async () => {
    const guarded = createGuardedFetch({ policy: ONLY_ONE });
    const toInside = `${target.url}/?to=${encodeURIComponent(`${inside.url}/secret`)}`;
    await expect(guarded(toInside)).rejects.toThrow(UNREACHABLE_MESSAGE);
    const toMetadata = `${target.url}/?to=${encodeURIComponent('http://[::ffff:a9fe:a9fe]/')}`;
    await expect(guarded(toMetadata)).rejects.toThrow(UNREACHABLE_MESSAGE);
    expect(inside.requests).toHaveLength(0);

    let url = `${target.url}/end`;
    for (let n = 0; n < 6; n++) url = `${target.url}/?to=${encodeURIComponent(url)}`;
    await expect(guarded(url)).rejects.toThrow(UNREACHABLE_MESSAGE);
    const five = new URL(new URL(url).searchParams.get('to')!);
    const response = await guarded(five);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${target.url}/end`);
    target.requests.length = 0;
  });

  it('keeps Authorization on the same origin only, and turns a 303 into a GET', async () => {
    const other = await startLoopbackServer((req, res) =>
      res.end(JSON.stringify({ authorization: req.headers.authorization ?? null })),
    );
    try {
      const guarded = createGuardedFetch({ policy: ONLY_ONE });
      const headers = { authorization: 'Basic c2VjcmV0' };
      const same = `${target.url}/?to=${encodeURIComponent('/here')}&status=307`;
      expect(await (await guarded(same, { method: 'PROPFIND', headers })).json()).toEqual({
        method: 'PROPFIND',
        authorization: 'Basic c2VjcmV0',
        path: '/here',
      });
      const away = `${target.url}/?to=${encodeURIComponent(`${other.url}/`)}&status=308`;
      expect(await (await guarded(away, { headers })).json()).toEqual({ authorization: null });
      const seeOther = `${target.url}/?to=${encodeURIComponent('/done')}&status=303`;
      expect(await (await guarded(seeOther, { method: 'POST', body: 'x' })).json()).toMatchObject({
        method: 'GET',
        path: '/done',
      });
      const manual = await guarded(away, { redirect: 'manual' });
      expect(manual.status).toBe(308);
    } finally {
      await other.close();
      target.requests.length = 0;
    }
  });

  it('answers a refused address, a closed port and a tarpit with the same error', async () => {
    const tarpit = await startTarpit();
    try {
      const guarded = createGuardedFetch({ policy: ONLY_ONE, timeoutMs: 300 });
      const reasons: string[] = [];
      const logged = createGuardedFetch({
        policy: ONLY_ONE,
        timeoutMs: 300,
        onUnreachable: ({ reason }) => reasons.push(reason),
      });
      const failures = await Promise.all(
        [`${inside.url}/`, await closedPortUrl(), tarpit.url].map((url) =>
          guarded(url).then(
            () => null,
            (error: unknown) => error,
          ),
        ),
      );
      for (const failure of failures) {
        expect(failure).toBeInstanceOf(ServerUnreachableError);
        expect((failure as Error).message).toBe(UNREACHABLE_MESSAGE);
      }
      expect(tarpit.accepted()).toBe(1);
      await logged(`${inside.url}/`).catch(() => undefined);
      expect(reasons[0]).toContain('loopback');
    } finally {
      await tarpit.close();
    }
  });

  it("stops when the caller's own signal aborts", async () => {
    const tarpit = await startTarpit();
    try {
      const guarded = createGuardedFetch({ policy: ONLY_ONE });
      const controller = new AbortController();
      const pending = guarded(tarpit.url, { signal: controller.signal });
      while (tarpit.accepted() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort();
      await expect(pending).rejects.toThrow(ServerUnreachableError);
    } finally {
      await tarpit.close();
    }
  });

  it('refuses at once, without an unhandled error, when the signal is already aborted', async () => {
    const guarded = createGuardedFetch({ policy: ONLY_ONE });
    const before = target.requests.length;
    await expect(guarded(target.url, { signal: AbortSignal.abort() })).rejects.toThrow(
      ServerUnreachableError,
    );
    expect(target.requests).toHaveLength(before);
  });

  it('survives an abort after a bodiless answer', async () => {
    const guarded = createGuardedFetch({ policy: ONLY_ONE });
    const controller = new AbortController();
    const response = await guarded(`${target.url}/?to=%2Fx`, {
      redirect: 'manual',
      method: 'HEAD',
      signal: controller.signal,
    });
    controller.abort();
    expect(response.status).toBe(302);
  });

  it('decodes gzip like fetch does', async () => {
    const guarded = createGuardedFetch({ policy: ONLY_ONE });
    expect(await (await guarded(`${target.url}/gzip`)).text()).toBe('unpacked');
  });
});

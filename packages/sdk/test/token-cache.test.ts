import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CalsyncError, createCalsyncClient, type TokenAnswer } from '../src/index.js';

/**
 * A real HTTP server on loopback that accepts the bearer tokens in `accepted` and records the
 * token each request carried.
 */
let server: Server;
let baseUrl: string;
const accepted = new Set<string>();
let seen: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const bearer = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    seen.push(bearer);
    const ok = accepted.has(bearer);
    response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        ok ? { id: 'i1' } : { error: { code: 'unauthorized', message: 'Unknown token' } },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

beforeEach(() => {
  accepted.clear();
  seen = [];
});

/** A `getToken` that mints `cst_1`, `cst_2`, … (each accepted) and records every call. */
function countingGetToken(expiry?: (n: number) => Omit<Exclude<TokenAnswer, string>, 'token'>) {
  const asked: boolean[] = [];
  const getToken = async ({ expired }: { expired: boolean }): Promise<TokenAnswer> => {
    asked.push(expired);
    const token = `cst_${asked.length}`;
    accepted.add(token);
    // Answer on a later turn, as a real backend route does: concurrent callers overlap.
    await new Promise((resolve) => setTimeout(resolve, 1));
    return expiry ? { token, ...expiry(asked.length) } : token;
  };
  return { asked, getToken };
}

const MINUTE = 60_000;

describe('the token cache', () => {
  it('asks once and reuses a token without an expiry until the API refuses it', async () => {
    const { asked, getToken } = countingGetToken();
    const calsync = createCalsyncClient({ baseUrl, getToken });
    await calsync.integrations.get('i1');
    await calsync.integrations.get('i1');
    await calsync.integrations.get('i1');
    expect(asked).toEqual([false]);
    expect(seen).toEqual(['cst_1', 'cst_1', 'cst_1']);
  });

  it('asks once for concurrent first requests', async () => {
    const { asked, getToken } = countingGetToken();
    const calsync = createCalsyncClient({ baseUrl, getToken });
    await Promise.all([1, 2, 3, 4, 5].map(() => calsync.integrations.get('i1')));
    expect(asked).toEqual([false]);
    expect(seen).toEqual(['cst_1', 'cst_1', 'cst_1', 'cst_1', 'cst_1']);
  });

  it('renews 60 s before a long-lived token expires, once for concurrent callers', async () => {
    const start = Date.parse('2026-03-04T10:00:00Z');
    let now = start;
    const { asked, getToken } = countingGetToken(() => ({ expiresAt: now + 15 * MINUTE }));
    const calsync = createCalsyncClient({ baseUrl, getToken, now: () => now });
    await calsync.integrations.get('i1');
    now = start + 14 * MINUTE - 1;
    await calsync.integrations.get('i1');
    expect(asked).toEqual([false]);
    now = start + 14 * MINUTE;
    await Promise.all([1, 2, 3].map(() => calsync.integrations.get('i1')));
    expect(asked).toEqual([false, false]);
    expect(seen).toEqual(['cst_1', 'cst_1', 'cst_2', 'cst_2', 'cst_2']);
  });

  it('renews a short-lived token a tenth of its life before it expires', async () => {
    let now = Date.parse('2026-03-04T10:00:00Z');
    const start = now;
    const { asked, getToken } = countingGetToken(() => ({
      expiresAt: new Date(now + 100_000),
    }));
    const calsync = createCalsyncClient({ baseUrl, getToken, now: () => now });
    await calsync.integrations.get('i1');
    now = start + 89_999;
    await calsync.integrations.get('i1');
    now = start + 90_000;
    await calsync.integrations.get('i1');
    expect(asked).toEqual([false, false]);
    expect(seen).toEqual(['cst_1', 'cst_1', 'cst_2']);
  });

  it("reads the session JSON of POST /sessions as is (`expires_at`), and a JWT's seconds", async () => {
    let now = Date.parse('2026-03-04T10:00:00Z');
    const start = now;
    const json = countingGetToken(() => ({ expires_at: '2026-03-04T10:15:00Z' }));
    const fromJson = createCalsyncClient({ baseUrl, getToken: json.getToken, now: () => now });
    await fromJson.integrations.get('i1');
    now = start + 13 * MINUTE;
    await fromJson.integrations.get('i1');
    expect(json.asked).toEqual([false]);
    now = start + 14 * MINUTE;
    await fromJson.integrations.get('i1');
    expect(json.asked).toEqual([false, false]);

    now = start;
    const seconds = countingGetToken(() => ({ expiresAt: (start + 15 * MINUTE) / 1000 }));
    const fromSeconds = createCalsyncClient({
      baseUrl,
      getToken: seconds.getToken,
      now: () => now,
    });
    await fromSeconds.integrations.get('i1');
    now = start + 13 * MINUTE;
    await fromSeconds.integrations.get('i1');
    expect(seconds.asked).toEqual([false]);
  });

  it('after a 401, drops the token and asks once more, once for concurrent requests', async () => {
    const { asked, getToken } = countingGetToken();
    const calsync = createCalsyncClient({ baseUrl, getToken });
    await calsync.integrations.get('i1');
    accepted.delete('cst_1'); // revoked
    await Promise.all([1, 2, 3].map(() => calsync.integrations.get('i1')));
    expect(asked).toEqual([false, true]);
    await calsync.integrations.get('i1');
    expect(asked).toEqual([false, true]);
    expect(seen).toEqual(['cst_1', 'cst_1', 'cst_1', 'cst_1', 'cst_2', 'cst_2', 'cst_2', 'cst_2']);
  });

  it('rejects an answer that is not a token with invalid_token, sending nothing', async () => {
    for (const answer of [{}, '', { token: 'cst_1', expiresAt: 'soon' }]) {
      const calsync = createCalsyncClient({
        baseUrl,
        getToken: () => answer as TokenAnswer,
        maxRetries: 3,
      });
      const error = await calsync.integrations.get('i1').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CalsyncError);
      expect(error).toMatchObject({ code: 'invalid_token', status: 0 });
    }
    expect(seen).toEqual([]);
  });
});

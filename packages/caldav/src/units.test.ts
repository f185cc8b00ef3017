import {
  AuthError,
  NonRetryableProviderError,
  NotFoundError,
  PreconditionFailedError,
  RateLimitedError,
  TransientProviderError,
} from '@calsync/core';
import { describe, expect, test } from 'vitest';
import { connectCalDAV } from './connect.js';
import { errorForStatus, networkError } from './errors.js';
import { SYNC_TOKEN_REJECTED_STATUSES, UID_CONFLICT_STATUSES } from './facts.js';
import { formatExternalId, parseExternalId, resourceNameFor } from './ids.js';
import { nextPollAt } from './poll.js';
import { decodeCursor, decodeRest, encodeCursor, encodeRest } from './pull/cursor.js';

describe('connectCalDAV', () => {
  test('an iCloud 401 is a value with the app-specific password hint', async () => {
    const requests: string[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      requests.push(
        `${init?.method} ${String(input)} ${new Headers(init?.headers).get('authorization')}`,
      );
      return new Response('', {
        status: 401,
        headers: { 'www-authenticate': 'X-MobileMe-AuthToken realm="Newcastle"' },
      });
    };
    const result = await connectCalDAV({
      flavour: 'icloud',
      username: 'ann@icloud.com',
      password: 'normal-password',
      fetch: fakeFetch,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      code: 'caldav_auth_failed',
      errorClass: 'auth',
      status: 401,
    });
    expect(result.error.hint).toMatch(/app-specific password/);
    expect(requests[0]).toMatch(/^PROPFIND https:\/\/caldav\.icloud\.com\/ Basic /);
  });

  test('an unreachable server is a discovery failure', async () => {
    const result = await connectCalDAV({
      serverUrl: 'http://127.0.0.1:9/',
      username: 'a',
      password: 'b',
      fetch: async () => Promise.reject(new TypeError('fetch failed')),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'caldav_discovery_failed' } });
  });

  test('a generic connection needs a server URL', async () => {
    expect(await connectCalDAV({ username: 'a', password: 'b' })).toMatchObject({
      ok: false,
      error: { code: 'caldav_discovery_failed' },
    });
  });
});

describe('errors and server facts', () => {
  test('a network failure is transient; a core error from the injected fetch keeps its class', () => {
    expect(networkError('GET /x', new TypeError('fetch failed'))).toBeInstanceOf(
      TransientProviderError,
    );
    const tooLarge = new NonRetryableProviderError('the answer is larger than 1024 bytes');
    expect(networkError('REPORT /cal/', tooLarge)).toBe(tooLarge);
  });

  test('statuses map to core classes', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    expect(errorForStatus(401, 'x', { now })).toBeInstanceOf(AuthError);
    expect(errorForStatus(404, 'x', { now })).toBeInstanceOf(NotFoundError);
    expect(errorForStatus(412, 'x', { now })).toBeInstanceOf(PreconditionFailedError);
    expect(errorForStatus(429, 'x', { now, retryAfter: '7' })).toMatchObject({
      retryAfterSeconds: 7,
    });
    expect(errorForStatus(429, 'x', { now })).toBeInstanceOf(RateLimitedError);
    expect(
      errorForStatus(503, 'x', { now, retryAfter: 'Sun, 01 Mar 2026 00:00:30 GMT' }),
    ).toMatchObject({ retryAfterSeconds: 30 });
    expect(errorForStatus(503, 'x', { now })).toBeInstanceOf(TransientProviderError);
  });

  test('the quirk tables cover both test servers', () => {
    expect([...SYNC_TOKEN_REJECTED_STATUSES]).toEqual(expect.arrayContaining([403, 500]));
    expect([...UID_CONFLICT_STATUSES]).toEqual(expect.arrayContaining([409, 207]));
  });
});

describe('ids and cursors', () => {
  test('external ids round-trip', () => {
    const parts = { href: 'http://h/cal/a.ics', uid: 'x@y', instanceKey: 'd:2026-03-10' };
    expect(parseExternalId(formatExternalId(parts))).toEqual(parts);
    expect(parseExternalId('http://h/cal/a.ics')).toEqual({
      href: 'http://h/cal/a.ics',
      uid: null,
      instanceKey: null,
    });
    expect(resourceNameFor('a/b c')).toBe('a_2fb_20c.ics');
  });

  test('cursors and checkpoints round-trip; foreign strings are refused', () => {
    const ctag = { kind: 'ctag' as const, ctag: '"abc"', etags: { '/cal/a.ics': '"1"' } };
    expect(decodeCursor(encodeCursor(ctag))).toEqual(ctag);
    expect(
      decodeCursor(encodeCursor({ kind: 'sync', token: 'http://radicale.org/ns/sync/x' })),
    ).toEqual({ kind: 'sync', token: 'http://radicale.org/ns/sync/x' });
    expect(decodeCursor('mem:primary:1:2')).toBeNull();
    const rest = { calendarId: 'http://h/cal/', to: 'caldav1:sync:t', hrefs: ['/cal/b.ics'] };
    expect(decodeRest(encodeRest(rest))).toEqual(rest);
    expect(decodeRest('garbage')).toBeNull();
  });
});

describe('nextPollAt', () => {
  test('polls after the interval with at most 10 % jitter either way', () => {
    const last = new Date('2026-03-01T10:00:00.000Z');
    expect(nextPollAt(last, 300, () => 0.5).toISOString()).toBe('2026-03-01T10:05:00.000Z');
    expect(nextPollAt(last, 300, () => 0).toISOString()).toBe('2026-03-01T10:04:30.000Z');
    expect(nextPollAt(last, 300, () => 0.999999).getTime()).toBeLessThanOrEqual(
      Date.parse('2026-03-01T10:05:30.000Z'),
    );
    expect(() => nextPollAt(last, 0)).toThrow(RangeError);
  });
});

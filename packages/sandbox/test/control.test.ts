import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { createSandbox } from '../src/index.js';
import type { SandboxOptions } from '../src/index.js';

function mounted(options: SandboxOptions = {}) {
  const sandbox = createSandbox(options);
  const parent = new Hono().route('/sandbox', sandbox.app);
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    parent.request(`/sandbox${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { sandbox, call };
}

describe('control API over HTTP', () => {
  test('POST /_control/accounts creates a Google account with its calendars', async () => {
    const { call } = mounted();
    const response = await call('POST', '/_control/accounts', {
      provider: 'google',
      email: 'Ann@Example.com',
    });
    expect(response.status).toBe(200);
    const account = (await response.json()) as {
      email: string;
      access_token: string;
      calendars: { primary: boolean }[];
    };
    expect(account.email).toBe('ann@example.com');
    expect(account.access_token).toMatch(/^ya29\./);
    expect(account.calendars.filter((c) => c.primary)).toHaveLength(1);
  });

  test('bodies are validated with a clear message', async () => {
    const { call } = mounted();
    const cases: unknown[] = [
      { provider: 'yahoo', email: 'a@b.c' },
      { provider: 'google' },
      { provider: 'google', email: 'a@b.c', extra: 1 },
      [],
    ];
    for (const body of cases) {
      const response = await call('POST', '/_control/accounts', body);
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_request');
      expect(error.message.length).toBeGreaterThan(5);
    }
    const badPattern = await call('POST', '/_control/faults', {
      provider: 'google',
      path_pattern: '(',
    });
    expect(badPattern.status).toBe(400);
    const badWhen = await call('POST', '/_control/faults', {
      provider: 'google',
      status: 500,
      when: 'later',
    });
    expect(badWhen.status).toBe(400);
    const { sandbox } = mounted();
    const notJson = await sandbox.app.request('/_control/accounts', { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });

  test('expire of an unknown account is 404', async () => {
    const { call } = mounted();
    const response = await call('POST', '/_control/expire', {
      provider: 'google',
      email: 'nobody@example.com',
      what: 'access_token',
    });
    expect(response.status).toBe(404);
  });
});

describe('fault injection', () => {
  test('a fault answers in the provider error shape with Retry-After, for count requests', async () => {
    const { call } = mounted();
    const added = await call('POST', '/_control/faults', {
      provider: 'google',
      path_pattern: '^/calendar/v3/users/me/calendarList$',
      status: 503,
      retry_after: 7,
      count: 2,
    });
    expect(added.status).toBe(201);
    for (let i = 0; i < 2; i += 1) {
      const response = await call('GET', '/google/calendar/v3/users/me/calendarList');
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
      const body = (await response.json()) as {
        error: { code: number; errors: { reason: string }[] };
      };
      expect(body.error.code).toBe(503);
      expect(body.error.errors[0]?.reason).toBe('backendError');
    }
    const third = await call('GET', '/google/calendar/v3/users/me/calendarList');
    expect(third.status).not.toBe(503);
  });

  test('faults only match their provider, method and path', async () => {
    const { call } = mounted();
    await call('POST', '/_control/faults', {
      provider: 'google',
      method: 'POST',
      path_pattern: 'events$',
      status: 500,
    });
    const get = await call('GET', '/google/calendar/v3/calendars/primary/events');
    expect(get.status).not.toBe(500);
    const zoom = await call('POST', '/zoom/v2/users/me/meetings', {});
    expect(zoom.status).not.toBe(500);
    const post = await call('POST', '/google/calendar/v3/calendars/primary/events', {});
    expect(post.status).toBe(500);
  });

  test('a custom body replaces the provider shape; DELETE /_control/faults clears', async () => {
    const { call } = mounted();
    await call('POST', '/_control/faults', {
      provider: 'zoom',
      status: 429,
      body: { code: 429, message: 'custom' },
    });
    const faulted = await call('GET', '/zoom/v2/meetings/1');
    expect(faulted.status).toBe(429);
    expect(await faulted.json()).toEqual({ code: 429, message: 'custom' });
    expect((await call('DELETE', '/_control/faults')).status).toBe(204);
    const after = await call('GET', '/zoom/v2/meetings/1');
    expect(after.status).not.toBe(429);
  });

  test('latency is applied through the injected sleep, per provider', async () => {
    const slept: number[] = [];
    const { call } = mounted({
      latencyMs: { google: 40 },
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    await call('GET', '/google/calendar/v3/users/me/calendarList');
    await call('GET', '/zoom/v2/meetings/1');
    expect(slept).toEqual([40]);
    await call('POST', '/_control/faults', { provider: 'zoom', latency_ms: 250, count: 1 });
    const delayed = await call('GET', '/zoom/v2/meetings/1');
    expect(delayed.status).not.toBe(500);
    expect(slept).toEqual([40, 250]);
  });

  test("faults without a body answer in each provider's own error shape", async () => {
    const { call } = mounted();
    const shapes: [string, unknown][] = [
      ['microsoft', { error: { code: 'ApplicationThrottled', message: 'Too Many Requests' } }],
      [
        'zoom',
        {
          code: 429,
          message:
            'You have reached the maximum per-second rate limit for this API. Try again later.',
        },
      ],
      [
        'google',
        {
          error: {
            code: 429,
            message: 'Too Many Requests',
            errors: [
              { reason: 'rateLimitExceeded', domain: 'usageLimits', message: 'Too Many Requests' },
            ],
          },
        },
      ],
    ];
    for (const [provider, shape] of shapes) {
      await call('POST', '/_control/faults', { provider, status: 429, retry_after: 3, count: 1 });
      const response = await call('GET', `/${provider}/anything`);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('3');
      expect(await response.json()).toEqual(shape);
    }
    await call('POST', '/_control/faults', { provider: 'caldav', status: 503, count: 1 });
    const dav = await call('PROPFIND', '/caldav/dav/');
    expect(dav.status).toBe(503);
    expect(await dav.text()).toContain('DAV:');
  });

  test('the root lists every mounted provider', async () => {
    const { call } = mounted({ publicBaseUrl: 'http://example.test:9000' });
    const body = (await (await call('GET', '')).json()) as { providers: Record<string, string> };
    expect(body.providers).toEqual({
      google: 'http://example.test:9000/sandbox/google',
      microsoft: 'http://example.test:9000/sandbox/microsoft',
      zoom: 'http://example.test:9000/sandbox/zoom',
      caldav: 'http://example.test:9000/sandbox/caldav',
    });
  });
});

import { afterEach, describe, expect, test } from 'vitest';
import { startSandboxServer } from '../src/index.js';
import type { RunningSandboxServer, SandboxServerOptions } from '../src/index.js';
import { testClock } from './harness.js';
import type { TestClock } from './harness.js';

let server: RunningSandboxServer;
let clock: TestClock;
afterEach(() => server.close());

async function start(options: Omit<SandboxServerOptions, 'now'> = {}): Promise<string> {
  clock = testClock('2026-03-02T23:59:00Z');
  server = await startSandboxServer({ port: 0, ...options, now: clock.now });
  return `${server.url}/zoom`;
}

async function s2sToken(base: string): Promise<string> {
  const response = await fetch(
    `${base}/oauth/token?grant_type=account_credentials&account_id=acct-1`,
    {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('client:secret').toString('base64')}` },
    },
  );
  return ((await response.json()) as { access_token: string }).access_token;
}

function api(base: string, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: (text === '' ? null : JSON.parse(text)) as Record<string, unknown>,
    };
  };
}

const MEETING = {
  topic: 'Interview',
  type: 2,
  start_time: '2026-03-05T10:00:00Z',
  duration: 45,
  timezone: 'Europe/Paris',
};

describe('Zoom emulator checklist (PROTOCOLS.md §4.4)', () => {
  test('S2S token endpoint (Basic auth, account_credentials, 3600 s, no refresh)', async () => {
    const base = await start();
    const ok = await fetch(`${base}/oauth/token?grant_type=account_credentials&account_id=acct-1`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('client:secret').toString('base64')}` },
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(body.refresh_token).toBeUndefined();
    const noAuth = await fetch(
      `${base}/oauth/token?grant_type=account_credentials&account_id=acct-1`,
      { method: 'POST' },
    );
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toEqual({
      reason: 'Invalid client_id or client_secret',
      error: 'invalid_client',
    });
    const wrongGrant = await fetch(
      `${base}/oauth/token?grant_type=client_credentials&account_id=acct-1`,
      {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('client:secret').toString('base64')}` },
      },
    );
    expect(wrongGrant.status).toBe(400);
    const call = api(base, String(body.access_token));
    expect((await call('POST', '/users/me/meetings', MEETING)).status).toBe(201);
    clock.advance(3600 * 1000);
    const expired = await call('GET', '/users/me/meetings');
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ code: 124, message: 'Access token is expired.' });
    expect((await api(base, 'nonsense')('GET', '/users/me/meetings')).json).toEqual({
      code: 124,
      message: 'Invalid access token.',
    });
  });

  test('Create returns 201 with int64 id, join/start URLs and password rules', async () => {
    const base = await start();
    const call = api(base, await s2sToken(base));
    const created = await call('POST', '/users/me/meetings', {
      ...MEETING,
      password: 'ab@-_*12',
      settings: {
        waiting_room: true,
        auto_recording: 'cloud',
        alternative_hosts: 'a@example.com;b@example.com',
      },
    });
    expect(created.status).toBe(201);
    const meeting = created.json;
    expect(Number.isInteger(meeting.id)).toBe(true);
    expect(String(meeting.id).length).toBeGreaterThan(10);
    expect(meeting).toMatchObject({
      topic: 'Interview',
      type: 2,
      status: 'waiting',
      start_time: '2026-03-05T10:00:00Z',
      duration: 45,
      timezone: 'Europe/Paris',
      password: 'ab@-_*12',
      settings: {
        waiting_room: true,
        auto_recording: 'cloud',
        alternative_hosts: 'a@example.com;b@example.com',
      },
    });
    expect(String(meeting.join_url)).toContain(`/sandbox/zoom/j/${String(meeting.id)}?pwd=`);
    expect(String(meeting.start_url)).toContain(`/sandbox/zoom/s/${String(meeting.id)}?zak=`);
    expect((await fetch(String(meeting.join_url))).status).toBe(200);
    const generated = await call('POST', '/users/me/meetings', { topic: 'No passcode' });
    expect(String(generated.json.password)).toMatch(/^\d{6}$/);
    const local = await call('POST', '/users/me/meetings', {
      start_time: '2026-07-01T09:00:00',
      timezone: 'Europe/Paris',
    });
    expect(local.json.start_time).toBe('2026-07-01T07:00:00Z');
    const got = await call('GET', `/meetings/${String(meeting.id)}`);
    expect(got.status).toBe(200);
    expect(got.json.join_url).toBe(meeting.join_url);
  });

  test('PATCH → 204 empty; DELETE → 204; GET after delete → 404 code 3001', async () => {
    const base = await start();
    const call = api(base, await s2sToken(base));
    const { json: meeting } = await call('POST', '/users/me/meetings', MEETING);
    const id = String(meeting.id);
    const patched = await call('PATCH', `/meetings/${id}`, {
      topic: 'Moved',
      start_time: '2026-03-06T10:00:00Z',
      settings: { waiting_room: true },
    });
    expect(patched.status).toBe(204);
    expect(patched.text).toBe('');
    const after = await call('GET', `/meetings/${id}`);
    expect(after.json).toMatchObject({
      topic: 'Moved',
      start_time: '2026-03-06T10:00:00Z',
      settings: { waiting_room: true, auto_recording: 'none' },
    });
    const deleted = await call('DELETE', `/meetings/${id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const gone = await call('GET', `/meetings/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json).toEqual({ code: 3001, message: `Meeting does not exist: ${id}.` });
    expect((await call('PATCH', `/meetings/${id}`, { topic: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/meetings/${id}`)).status).toBe(404);
  });

  test('100/day/user create+update counter with the exact 429 message and UTC reset; per-second bucket; headers optionally absent', async () => {
    const base = await start({
      zoom: { rateLimits: { dailyMeetingWritesPerUser: 3, perSecond: { Medium: 1000 } } },
    });
    const call = api(base, await s2sToken(base));
    const { json: meeting } = await call('POST', '/users/me/meetings', MEETING);
    await call('PATCH', `/meetings/${String(meeting.id)}`, { topic: 'a' });
    await call('POST', '/users/me/meetings', MEETING);
    const over = await call('POST', '/users/me/meetings', MEETING);
    expect(over.status).toBe(429);
    expect(over.json).toEqual({
      code: 429,
      message:
        'You have exceeded the daily rate limit (3) of Meeting Create/Update API requests permitted for this particular user. You may resume these requests at GMT 00:00:00.',
    });
    expect(over.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect(over.headers.get('retry-after')).toBe('2026-03-03T00:00:00Z');
    clock.advance(60_000);
    expect((await call('POST', '/users/me/meetings', MEETING)).status).toBe(201);
    await server.close();

    const quiet = await start({
      zoom: { rateLimits: { perSecond: { Medium: 2 }, headers: false } },
    });
    const burst = api(quiet, await s2sToken(quiet));
    expect((await burst('POST', '/users/me/meetings', MEETING)).status).toBe(201);
    expect((await burst('POST', '/users/me/meetings', MEETING)).status).toBe(201);
    const fast = await burst('POST', '/users/me/meetings', MEETING);
    expect(fast.status).toBe(429);
    expect(fast.json).toEqual({
      code: 429,
      message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
    });
    expect(fast.headers.get('x-ratelimit-category')).toBeNull();
    clock.advance(1000);
    expect((await burst('POST', '/users/me/meetings', MEETING)).status).toBe(201);
  });

  test('recurring meetings: type 8 keeps its recurrence, type 3 has no fixed time, bad recurrences are 300', async () => {
    const base = await start();
    const call = api(base, await s2sToken(base));
    const weekly = { type: 2, repeat_interval: 1, weekly_days: '2,4', end_times: 6 };
    const fixed = await call('POST', '/users/me/meetings', {
      ...MEETING,
      type: 8,
      recurrence: weekly,
    });
    expect(fixed.status).toBe(201);
    expect(fixed.json).toMatchObject({ type: 8, recurrence: weekly });
    const read = await call('GET', `/meetings/${String(fixed.json.id)}`);
    expect(read.json).toMatchObject({ type: 8, recurrence: weekly, join_url: fixed.json.join_url });
    const monthly = { type: 3, repeat_interval: 2, monthly_week: -1, monthly_week_day: 6 };
    expect(
      (await call('PATCH', `/meetings/${String(fixed.json.id)}`, { recurrence: monthly })).status,
    ).toBe(204);
    expect((await call('GET', `/meetings/${String(fixed.json.id)}`)).json.recurrence).toEqual({
      ...monthly,
      end_times: 1,
    });

    const floating = await call('POST', '/users/me/meetings', {
      topic: 'Office hours',
      type: 3,
      duration: 30,
    });
    expect(floating.status).toBe(201);
    expect(floating.json.type).toBe(3);
    expect(floating.json.start_time).toBeUndefined();
    expect(floating.json.recurrence).toBeUndefined();

    for (const recurrence of [
      undefined,
      { type: 4 },
      { type: 1, repeat_interval: 100, end_times: 2 },
      { type: 2, weekly_days: '0,8', end_times: 2 },
      { type: 3, monthly_week: 5, monthly_week_day: 2, end_times: 2 },
      { type: 1, end_times: 61 },
      { type: 1, end_times: 2, end_date_time: '2026-04-01T00:00:00Z' },
    ]) {
      const refused = await call('POST', '/users/me/meetings', { ...MEETING, type: 8, recurrence });
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe(300);
    }
  });

  test('Validation errors in {code:300, message, errors[]} shape', async () => {
    const base = await start();
    const call = api(base, await s2sToken(base));
    const bad = await call('POST', '/users/me/meetings', {
      password: 'far-too-long-passcode',
      start_time: 'tomorrow',
      type: 5,
      settings: { auto_recording: 'tape', alternative_hosts: 'not-an-email' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe(300);
    expect(bad.json.message).toBe('Validation Failed.');
    const fields = (bad.json.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual([
      'password',
      'settings.alternative_hosts',
      'settings.auto_recording',
      'start_time',
      'type',
    ]);
  });

  test('control accounts act as their user; users/{email} for S2S; unknown user 1001', async () => {
    const base = await start();
    const account = await server.sandbox.control.createAccount({
      provider: 'zoom',
      email: 'host@example.com',
    });
    expect(account.calendars).toEqual([]);
    const asUser = api(base, account.access_token);
    const { json: meeting } = await asUser('POST', '/users/me/meetings', MEETING);
    expect(meeting.host_email).toBe('host@example.com');
    const s2s = api(base, await s2sToken(base));
    expect((await s2s('GET', '/users/host@example.com/meetings')).json.total_records).toBe(1);
    expect((await s2s('POST', '/users/ghost@example.com/meetings', MEETING)).json).toEqual({
      code: 1001,
      message: 'User does not exist: ghost@example.com.',
    });
    await server.sandbox.control.expire({
      provider: 'zoom',
      email: 'host@example.com',
      what: 'access_token',
    });
    expect((await asUser('GET', `/meetings/${String(meeting.id)}`)).status).toBe(401);
  });
});

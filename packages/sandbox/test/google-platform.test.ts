import { auth, calendar_v3 } from '@googleapis/calendar';
import { afterEach, describe, expect, test } from 'vitest';
import { googleHarness, receiver, statusOf } from './harness.js';
import type { GoogleHarness } from './harness.js';

let h: GoogleHarness;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await h.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const EVENT = {
  summary: 'x',
  start: { dateTime: '2026-03-03T10:00:00Z' },
  end: { dateTime: '2026-03-03T11:00:00Z' },
};

describe('Google emulator checklist (PROTOCOLS.md §1.12): push, free/busy, quotas, OAuth', () => {
  test('Watch: sync message first, exists on change, headers exactly as above, message numbers increasing, token echo, expiration/ttl handling, channels/stop, retries on 5xx, configurable drop rate', async () => {
    h = await googleHarness({ google: { watch: { retryDelaysMs: [1] } } });
    const hook = await receiver([200, 503]);
    cleanups.push(hook.close);
    const { data: channel } = await h.calendar.events.watch(
      {
        calendarId: 'primary',
        requestBody: {
          id: 'chan-1',
          type: 'web_hook',
          address: hook.url,
          token: 'secret-token',
          params: { ttl: '3600' },
        },
      },
      h.call,
    );
    expect(channel.kind).toBe('api#channel');
    expect(channel.resourceId).toBeTruthy();
    expect(channel.expiration).toBe(String(h.clock.now().getTime() + 3_600_000));
    await h.server.sandbox.idle();
    await h.calendar.events.insert({ calendarId: 'primary', requestBody: EVENT }, h.call);
    await h.server.sandbox.idle();
    // 200 for sync; 503 for the first exists, then the retry.
    expect(hook.requests.map((r) => r.headers['x-goog-resource-state'])).toEqual([
      'sync',
      'exists',
      'exists',
    ]);
    const [sync, exists] = hook.requests;
    expect(sync?.method).toBe('POST');
    expect(sync?.body).toBe('');
    expect(sync?.headers).toMatchObject({
      'x-goog-channel-id': 'chan-1',
      'x-goog-channel-token': 'secret-token',
      'x-goog-resource-id': channel.resourceId,
      'x-goog-message-number': '1',
      'x-goog-channel-expiration': new Date(Number(channel.expiration)).toUTCString(),
    });
    expect(sync?.headers['x-goog-resource-uri']).toContain(
      '/sandbox/google/calendar/v3/calendars/',
    );
    expect(Number(exists?.headers['x-goog-message-number'])).toBeGreaterThan(1);

    h.clock.advance(3_600_000);
    await h.calendar.events.insert({ calendarId: 'primary', requestBody: EVENT }, h.call);
    await h.server.sandbox.idle();
    expect(hook.requests).toHaveLength(3);

    const { data: second } = await h.calendar.events.watch(
      { calendarId: 'primary', requestBody: { id: 'chan-2', type: 'web_hook', address: hook.url } },
      h.call,
    );
    await h.calendar.channels.stop(
      { requestBody: { id: 'chan-2', resourceId: second.resourceId ?? '' } },
      h.call,
    );
    await h.calendar.events.insert({ calendarId: 'primary', requestBody: EVENT }, h.call);
    await h.server.sandbox.idle();
    expect(hook.requests.map((r) => r.headers['x-goog-channel-id'])).toEqual([
      'chan-1',
      'chan-1',
      'chan-1',
      'chan-2',
    ]);
    expect(hook.requests[3]?.headers['x-goog-channel-token']).toBeUndefined();
    const unknown = await statusOf(
      h.calendar.channels.stop({ requestBody: { id: 'chan-2', resourceId: 'x' } }, h.call),
    );
    expect(unknown.status).toBe(404);
    await h.close();

    h = await googleHarness({ google: { watch: { dropRate: 1 } } });
    await h.calendar.events.watch(
      { calendarId: 'primary', requestBody: { id: 'chan-3', type: 'web_hook', address: hook.url } },
      h.call,
    );
    await h.calendar.events.insert({ calendarId: 'primary', requestBody: EVENT }, h.call);
    await h.server.sandbox.idle();
    expect(hook.requests.slice(4).map((r) => r.headers['x-goog-resource-state'])).toEqual(['sync']);
  });

  test('freeBusy: per-calendar errors, 50 calendar cap, long-range 400', async () => {
    h = await googleHarness();
    await h.calendar.events.insert({ calendarId: 'primary', requestBody: EVENT }, h.call);
    await h.calendar.events.insert(
      {
        calendarId: 'primary',
        requestBody: {
          ...EVENT,
          start: { dateTime: '2026-03-03T10:30:00Z' },
          end: { dateTime: '2026-03-03T12:00:00Z' },
        },
      },
      h.call,
    );
    await h.calendar.events.insert(
      {
        calendarId: 'primary',
        requestBody: {
          ...EVENT,
          transparency: 'transparent',
          start: { dateTime: '2026-03-03T13:00:00Z' },
          end: { dateTime: '2026-03-03T14:00:00Z' },
        },
      },
      h.call,
    );
    const query = (items: { id: string }[], timeMax = '2026-03-04T00:00:00Z') =>
      h.calendar.freebusy.query(
        { requestBody: { timeMin: '2026-03-03T00:00:00Z', timeMax, items } },
        h.call,
      );
    const { data } = await query([{ id: 'primary' }, { id: 'ghost@example.com' }]);
    expect(data.calendars?.primary?.busy).toEqual([
      { start: '2026-03-03T10:00:00Z', end: '2026-03-03T12:00:00Z' },
    ]);
    expect(data.calendars?.['ghost@example.com']?.errors).toEqual([
      { domain: 'global', reason: 'notFound' },
    ]);
    const many = await query(
      Array.from({ length: 51 }, (_, i) => ({ id: i === 0 ? 'primary' : `c${i}@example.com` })),
    );
    expect(many.data.calendars?.['c50@example.com']?.errors?.[0]?.reason).toBe(
      'tooManyCalendarsRequested',
    );
    const tooLong = await statusOf(query([{ id: 'primary' }], '2026-07-03T00:00:00Z'));
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain('The requested time range is too long.');
  });

  test('Rate limiting: both 403 rateLimitExceeded/userRateLimitExceeded and 429 forms, per-user and per-project buckets, quotaExceeded', async () => {
    h = await googleHarness({
      google: { rateLimits: { perUserPerMinute: 2, perProjectPerMinute: 3 } },
    });
    const read = () => statusOf(h.calendar.calendarList.list({}, h.call));
    expect((await read()).status).toBe(0);
    expect((await read()).status).toBe(0);
    const user = await read();
    expect(user.status).toBe(403);
    expect(user.body).toMatchObject({
      error: { errors: [{ domain: 'usageLimits', reason: 'userRateLimitExceeded' }] },
    });
    const other = await h.server.sandbox.control.createAccount({
      provider: 'google',
      email: 'bob@example.com',
    });
    const bobAuth = new auth.OAuth2();
    bobAuth.setCredentials({ access_token: other.access_token });
    const bob = new calendar_v3.Calendar({ auth: bobAuth });
    expect((await statusOf(bob.calendarList.list({}, h.call))).status).toBe(0);
    const project = await statusOf(bob.calendarList.list({}, h.call));
    expect(project.status).toBe(403);
    expect(project.body).toMatchObject({ error: { errors: [{ reason: 'rateLimitExceeded' }] } });
    h.clock.advance(60_000);
    expect((await read()).status).toBe(0);
    await h.close();

    h = await googleHarness({
      google: { rateLimits: { perUserPerMinute: 1, userLimitStatus: 429 } },
    });
    await read();
    const tooMany = await read();
    expect(tooMany.status).toBe(429);
    expect(tooMany.body).toMatchObject({
      error: { code: 429, errors: [{ reason: 'rateLimitExceeded' }] },
    });
    await h.server.sandbox.control.addFault({
      provider: 'google',
      status: 403,
      body: {
        error: {
          code: 403,
          message: 'Calendar usage limits exceeded.',
          errors: [
            {
              domain: 'usageLimits',
              reason: 'quotaExceeded',
              message: 'Calendar usage limits exceeded.',
            },
          ],
        },
      },
      count: 1,
    });
    const quota = await statusOf(h.calendar.events.list({ calendarId: 'primary' }, h.call));
    expect(quota.status).toBe(403);
    expect(JSON.stringify(quota.body)).toContain('quotaExceeded');
  });

  test('OAuth token endpoint with scripted invalid_grant, expiry, revocation', async () => {
    h = await googleHarness();
    const base = `${h.server.url}/google/oauth2`;
    const oauth = new auth.OAuth2({
      clientId: 'calsync-client',
      clientSecret: 'secret',
      redirectUri: 'http://127.0.0.1/callback',
      // The sandbox clock, not the client's, decides expiry: refresh on 401.
      forceRefreshOnFailure: true,
      endpoints: {
        oauth2AuthBaseUrl: `${base}/v2/auth`,
        oauth2TokenUrl: `${base}/token`,
        oauth2RevokeUrl: `${base}/revoke`,
        tokenInfoUrl: `${base}/v3/tokeninfo`,
      },
    });
    const { codeVerifier, codeChallenge } = await oauth.generateCodeVerifierAsync();
    const url = oauth.generateAuthUrl({
      access_type: 'offline',
      scope: ['https://www.googleapis.com/auth/calendar', 'openid', 'email'],
      state: 'csrf-1',
      login_hint: 'zoe@example.com',
      code_challenge: codeChallenge,
      code_challenge_method: 'S256' as never,
    });
    const consent = await fetch(url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.headers.get('location') ?? '');
    expect(callback.searchParams.get('state')).toBe('csrf-1');
    const code = callback.searchParams.get('code') ?? '';
    const wrongVerifier = await statusOf(oauth.getToken({ code, codeVerifier: 'x'.repeat(50) }));
    expect(wrongVerifier.status).toBe(400);

    const consent2 = await fetch(url, { redirect: 'manual' });
    const code2 = new URL(consent2.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const { tokens } = await oauth.getToken({ code: code2, codeVerifier });
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeTruthy();
    expect((await statusOf(oauth.getToken({ code: code2, codeVerifier }))).status).toBe(400);
    oauth.setCredentials(tokens);
    const calendar = new calendar_v3.Calendar({ auth: oauth });
    expect((await calendar.calendars.get({ calendarId: 'primary' }, h.call)).data.id).toBe(
      'zoe@example.com',
    );
    const userinfo = await fetch(`${base}/v3/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await userinfo.json()).toMatchObject({ email: 'zoe@example.com', email_verified: true });

    // Access tokens die after an hour by the sandbox clock; the client refreshes on 401.
    h.clock.advance(3_600_000);
    const raw = await fetch(`${h.server.url}/google/calendar/v3/users/me/calendarList`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(raw.status).toBe(401);
    expect((await calendar.calendars.get({ calendarId: 'primary' }, h.call)).status).toBe(200);

    await h.server.sandbox.control.expire({
      provider: 'google',
      email: 'zoe@example.com',
      what: 'refresh_token',
    });
    const refreshed = await fetch(`${base}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token ?? '',
        client_id: 'calsync-client',
      }),
    });
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    });

    const online = await fetch(url.replace('access_type=offline', 'access_type=online'), {
      redirect: 'manual',
    });
    const code3 = new URL(online.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const onlineTokens = (await oauth.getToken({ code: code3, codeVerifier })).tokens;
    expect(onlineTokens.refresh_token).toBeUndefined();
    await oauth.revokeToken(onlineTokens.access_token ?? '');
    const revoked = await fetch(`${h.server.url}/google/calendar/v3/users/me/calendarList`, {
      headers: { authorization: `Bearer ${onlineTokens.access_token}` },
    });
    expect(revoked.status).toBe(401);
    expect((await statusOf(oauth.revokeToken('nonsense'))).status).toBe(400);
  });

  test('authorize auto-consents as the first account without login_hint, and checks PKCE only when a challenge was sent', async () => {
    h = await googleHarness();
    const base = `${h.server.url}/google/oauth2`;
    const authorize = await fetch(
      `${base}/v2/auth?client_id=c&redirect_uri=${encodeURIComponent('http://127.0.0.1/cb')}&response_type=code&scope=x`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = await fetch(`${base}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://127.0.0.1/cb',
        client_id: 'c',
      }),
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const info = await fetch(`${base}/v3/userinfo`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(((await info.json()) as { email: string }).email).toBe(h.email);
  });
});

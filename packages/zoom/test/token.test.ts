import { AuthError } from '@calsync/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_REFRESH_MARGIN_MS } from '../src/index.js';
import type { VideoMeetingRequest } from '../src/index.js';
import { startZoomSandbox } from './support/zoom-sandbox.js';
import type { ZoomTestEnv } from './support/zoom-sandbox.js';

let env: ZoomTestEnv;
let host: string;

beforeAll(async () => {
  env = await startZoomSandbox({
    zoom: {
      credentials: { accountId: 'acct-test', clientId: 'client-test', clientSecret: 'secret-test' },
    },
  });
});
afterAll(() => env.close());
beforeEach(async () => {
  await env.server.sandbox.control.reset();
  host = await env.host();
  env.calls.length = 0;
});

const tokenCalls = (): number => env.calls.filter((c) => c.path === '/oauth/token').length;

function request(appointmentId: string): VideoMeetingRequest {
  return {
    appointmentId,
    title: 'Token check',
    startsAtUTC: '2026-11-25T15:00:00.000Z',
    endsAtUTC: '2026-11-25T15:30:00.000Z',
    timeZone: 'Europe/Berlin',
    hostEmail: host,
  };
}

describe('S2S token endpoint (Basic auth, account_credentials, 3600 s, no refresh)', () => {
  it('asks for a token with Basic client auth and the account_credentials grant', async () => {
    await env.provider().createMeeting(request('apt_token_1'));
    const call = env.calls.find((c) => c.path === '/oauth/token')!;
    expect(call.method).toBe('POST');
    expect(call.headers.get('authorization')).toBe(
      `Basic ${Buffer.from('client-test:secret-test').toString('base64')}`,
    );
    const form = new URLSearchParams(call.body ?? '');
    expect(form.get('grant_type')).toBe('account_credentials');
    expect(form.get('account_id')).toBe('acct-test');
    const apiCall = env.calls.find((c) => c.path.startsWith('/v2/'))!;
    expect(apiCall.headers.get('authorization')).toMatch(/^Bearer \S+$/);
  });

  it('caches one token across calls until shortly before its 3600 s expiry', async () => {
    const zoom = env.provider();
    const first = await zoom.createMeeting(request('apt_token_2'));
    await zoom.getMeeting(first.meetingId);
    await zoom.getMeeting(first.meetingId);
    expect(tokenCalls()).toBe(1);

    env.advanceMs(3600_000 - TOKEN_REFRESH_MARGIN_MS - 1000);
    await zoom.getMeeting(first.meetingId);
    expect(tokenCalls()).toBe(1);

    env.advanceMs(2000); // now inside the renewal margin
    await zoom.getMeeting(first.meetingId);
    expect(tokenCalls()).toBe(2);
  });

  it('shares one token request between concurrent calls', async () => {
    const zoom = env.provider();
    const created = await zoom.createMeeting(request('apt_token_3'));
    env.calls.length = 0;
    env.advanceMs(3600_000);
    await Promise.all([1, 2, 3, 4].map(() => zoom.getMeeting(created.meetingId)));
    expect(tokenCalls()).toBe(1);
  });

  it('gets a new token once when Zoom rejects the cached one (401 code 124)', async () => {
    const zoom = env.provider();
    const created = await zoom.createMeeting(request('apt_token_4'));
    await env.server.sandbox.control.expire({
      provider: 'zoom',
      email: host,
      what: 'access_token',
    });
    env.calls.length = 0;

    const again = await zoom.getMeeting(created.meetingId);

    expect(again.meetingId).toBe(created.meetingId);
    expect(env.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      `GET /v2/meetings/${created.meetingId}`,
      'POST /oauth/token',
      `GET /v2/meetings/${created.meetingId}`,
    ]);
  });

  it('gives up with AuthError when the new token is refused too', async () => {
    const zoom = env.provider();
    const created = await zoom.createMeeting(request('apt_token_5'));
    await env.server.sandbox.control.addFault({
      provider: 'zoom',
      method: 'GET',
      pathPattern: '^/v2/meetings/',
      status: 401,
    });
    env.calls.length = 0;

    const failure = await zoom.getMeeting(created.meetingId).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).status).toBe(401);
    expect((failure as AuthError).permanent).toBe(false);
    expect(tokenCalls()).toBe(1);
    expect(env.calls.filter((c) => c.path.startsWith('/v2/'))).toHaveLength(2);
  });

  it('reports wrong client credentials as a permanent AuthError with the OAuth error code', async () => {
    const zoom = env.provider({ clientSecret: 'wrong' });
    const failure = await zoom.createMeeting(request('apt_token_6')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).permanent).toBe(true);
    expect((failure as AuthError).providerCode).toBe('invalid_client');
    expect(env.calls.filter((c) => c.path.startsWith('/v2/'))).toHaveLength(0);
  });

  it('reports a wrong account id as a permanent AuthError', async () => {
    const zoom = env.provider({ accountId: 'someone-else' });
    const failure = await zoom.createMeeting(request('apt_token_7')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).permanent).toBe(true);
    expect((failure as AuthError).status).toBe(400);
  });
});

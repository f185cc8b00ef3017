import { AuthError } from '@calsync/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MicrosoftOAuthConfig } from '../src/index.js';
import {
  MICROSOFT_SCOPES,
  OAuthStateMismatchError,
  createAuthorizationRequest,
  createMicrosoftAdapter,
  exchangeCode,
  parseAuthorizationCallback,
  pkceChallengeS256,
  readAccountEmail,
  refreshTokens,
  shouldRefresh,
} from '../src/index.js';
import type { TestSandbox } from './support/sandbox.js';
import { startTestSandbox } from './support/sandbox.js';

let env: TestSandbox;
let config: MicrosoftOAuthConfig;
const io = {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
  now: () => new Date(),
};
const redirectUri = 'http://127.0.0.1:8787/api/v1/calendar-integrations/outlook/callback';

beforeAll(async () => {
  env = await startTestSandbox();
  config = {
    clientId: 'calsync-test-app',
    clientSecret: 'secret',
    tenant: 'organizations',
    identityBaseUrl: env.microsoftBase,
  };
});
afterAll(async () => {
  await env.close();
});

/** Follows the authorize URL like a browser would, up to the redirect back to us. */
async function authorize(email: string) {
  const request = createAuthorizationRequest(config, { redirectUri, loginHint: email });
  const response = await fetch(request.url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = response.headers.get('location')!;
  expect(location.startsWith(redirectUri)).toBe(true);
  return { request, location };
}

describe('connect: code flow with state and PKCE against the sandbox identity platform', () => {
  test('the authorization URL carries state, S256 PKCE, the scopes and the tenant', () => {
    const fixed = (size: number) => new Uint8Array(size).fill(7);
    const request = createAuthorizationRequest(config, { redirectUri, random: fixed });
    const url = new URL(request.url);
    expect(url.pathname).toBe('/sandbox/microsoft/organizations/oauth2/v2.0/authorize');
    expect(url.searchParams.get('scope')).toBe(MICROSOFT_SCOPES.join(' '));
    expect(url.searchParams.get('state')).toBe(request.state);
    expect(url.searchParams.get('code_challenge')).toBe(pkceChallengeS256(request.codeVerifier));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(pkceChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  test('authorize → redirect → code → exchange → email → refresh rotates → old and revoked refresh tokens', async () => {
    const account = await env.account();
    const { request, location } = await authorize(account.email);
    expect(() => parseAuthorizationCallback(location, 'someone-elses-state')).toThrow(
      OAuthStateMismatchError,
    );
    const callback = parseAuthorizationCallback(location, request.state);
    if (callback.kind !== 'code') throw new Error('expected a code');

    const first = await exchangeCode(config, io, {
      code: callback.code,
      redirectUri,
      codeVerifier: request.codeVerifier,
    });
    expect(first.refreshToken).not.toBe('');
    expect(Date.parse(first.expiresAt)).toBeGreaterThan(Date.now());
    expect(
      await readAccountEmail({ ...io, graphBaseUrl: env.microsoftBase }, first.accessToken),
    ).toBe(account.email);
    // A code is good once.
    await expect(
      exchangeCode(config, io, {
        code: callback.code,
        redirectUri,
        codeVerifier: request.codeVerifier,
      }),
    ).rejects.toMatchObject({
      permanent: true,
      providerCode: 'invalid_grant',
    });

    const second = await refreshTokens(config, io, first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    const adapter = createMicrosoftAdapter(
      { ...io, getAccessToken: async () => second.accessToken },
      { graphBaseUrl: env.microsoftBase },
    );
    expect((await adapter.listCalendars()).some((c) => c.primary)).toBe(true);

    // PROTOCOLS.md §2.10: the old refresh token is not revoked by rotation; the newest is stored.
    const fromOld = await refreshTokens(config, io, first.refreshToken);
    expect(fromOld.refreshToken).not.toBe(second.refreshToken);

    await env.sandbox.control.expire({
      provider: 'microsoft',
      email: account.email,
      what: 'refresh_token',
    });
    const revoked = await refreshTokens(config, io, fromOld.refreshToken).catch(
      (error: unknown) => error,
    );
    expect(revoked).toBeInstanceOf(AuthError);
    expect(revoked).toMatchObject({ permanent: true, providerCode: 'invalid_grant', status: 400 });
  });

  test('a wrong PKCE verifier is refused permanently; an error redirect is reported, not thrown', async () => {
    const account = await env.account();
    const { request, location } = await authorize(account.email);
    const callback = parseAuthorizationCallback(location, request.state);
    if (callback.kind !== 'code') throw new Error('expected a code');
    await expect(
      exchangeCode(config, io, { code: callback.code, redirectUri, codeVerifier: 'wrong' }),
    ).rejects.toBeInstanceOf(AuthError);
    const denied = parseAuthorizationCallback(
      `${redirectUri}?error=access_denied&error_description=no&state=${request.state}`,
      request.state,
    );
    expect(denied).toMatchObject({ kind: 'error', error: 'access_denied' });
  });

  test('refresh 5 minutes before expiry', () => {
    const now = new Date('2026-03-01T10:00:00.000Z');
    expect(shouldRefresh('2026-03-01T10:06:00.000Z', now)).toBe(false);
    expect(shouldRefresh('2026-03-01T10:05:00.000Z', now)).toBe(true);
    expect(shouldRefresh('2026-03-01T09:00:00.000Z', now)).toBe(true);
    expect(shouldRefresh('garbage', now)).toBe(true);
    expect(shouldRefresh('2026-03-01T10:20:00.000Z', now, 1800)).toBe(true);
  });

  test('token endpoint failures are typed: 5xx transient, 429 rate limited, unreachable transient', async () => {
    const answering = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
      ...io,
      fetch: async () =>
        new Response(JSON.stringify(body), {
          status,
          headers: { 'content-type': 'application/json', ...headers },
        }),
    });
    await expect(
      refreshTokens(config, answering(503, { error: 'temporarily_unavailable' }), 'rt'),
    ).rejects.toMatchObject({ errorClass: 'transient' });
    await expect(
      refreshTokens(config, answering(429, { error: 'too_many' }, { 'retry-after': '9' }), 'rt'),
    ).rejects.toMatchObject({
      errorClass: 'rate_limited',
      retryAfterSeconds: 9,
    });
    await expect(
      refreshTokens(config, answering(400, { error: 'interaction_required' }), 'rt'),
    ).rejects.toMatchObject({ errorClass: 'auth', permanent: true });
    await expect(
      refreshTokens(config, answering(401, { error: 'invalid_client' }), 'rt'),
    ).rejects.toMatchObject({ errorClass: 'auth', permanent: false });
    const unreachable = { ...io, fetch: async () => Promise.reject(new TypeError('fetch failed')) };
    await expect(refreshTokens(config, unreachable, 'rt')).rejects.toMatchObject({
      errorClass: 'transient',
    });
  });
});

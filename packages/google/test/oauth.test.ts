import { afterEach, describe, expect, test } from 'vitest';
import { AuthError, NonRetryableProviderError } from '@calsync/core';
import {
  GOOGLE_SCOPES,
  GoogleOAuth,
  REQUIRED_GOOGLE_SCOPES,
  codeChallengeS256,
  createGoogleAdapter,
  createOAuthState,
  createPKCEPair,
  needsRefresh,
} from '../src/index.js';
import { type GoogleSandbox, googleSandbox } from './support.js';

let s: GoogleSandbox;
afterEach(async () => s?.close());

const REDIRECT_URI = 'http://127.0.0.1:8787/api/v1/calendar-integrations/google/callback';

function oauthFor(sandbox: GoogleSandbox, scopes?: readonly string[]): GoogleOAuth {
  return new GoogleOAuth(
    {
      clientId: 'calsync-test.apps.googleusercontent.com',
      clientSecret: 'test-secret',
      redirectUri: REDIRECT_URI,
      endpoints: sandbox.endpoints.oauth,
      ...(scopes ? { scopes } : {}),
    },
    { fetch, now: () => new Date() },
  );
}

/** Plays the browser: opens the consent URL and reads the redirect back to Calsync. */
async function authorize(oauth: GoogleOAuth, loginHint: string) {
  const pkce = createPKCEPair();
  const state = createOAuthState();
  const url = oauth.createAuthorizationURL({ state, codeChallenge: pkce.codeChallenge, loginHint });
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const callback = new URL(response.headers.get('location')!);
  expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
  expect(callback.searchParams.get('state')).toBe(state);
  return { code: callback.searchParams.get('code')!, pkce };
}

describe('Google OAuth against the sandbox', () => {
  test('authorize → redirect → code → exchange → refresh → revoke → refresh fails permanently', async () => {
    s = await googleSandbox();
    const oauth = oauthFor(s);
    const { code, pkce } = await authorize(oauth, 'Dana@Example.com');

    const before = Date.now();
    const tokens = await oauth.exchangeCode(code, pkce.codeVerifier);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.missingScopes).toEqual([]);
    expect(Date.parse(tokens.expiresAt) - before).toBeGreaterThan(3500_000);
    expect(await oauth.fetchUserEmail(tokens.accessToken)).toBe('dana@example.com');

    // The access token works with the adapter, through the official client.
    const adapter = createGoogleAdapter(
      { fetch, now: () => new Date(), getAccessToken: async () => tokens.accessToken },
      { apiRootUrl: s.endpoints.apiRootUrl, oauthEndpoints: s.endpoints.oauth },
    );
    const calendars = await adapter.listCalendars();
    expect(calendars.find((c) => c.primary)?.calendarId).toBe('dana@example.com');

    const refreshed = await oauth.refresh(tokens.refreshToken!);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(Date.parse(refreshed.expiresAt)).toBeGreaterThanOrEqual(Date.parse(tokens.expiresAt));

    await oauth.revoke(tokens.refreshToken!);
    const error = await oauth.refresh(tokens.refreshToken!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ permanent: true, providerCode: 'invalid_grant', status: 400 });
    // Revoking what is already revoked is not an error (disconnect is idempotent).
    await oauth.revoke(tokens.refreshToken!);
  });

  test("the adapter's revokeCredentials() revokes the whole grant", async () => {
    s = await googleSandbox();
    const oauth = oauthFor(s);
    const { code, pkce } = await authorize(oauth, 'erin@example.com');
    const tokens = await oauth.exchangeCode(code, pkce.codeVerifier);
    const adapter = createGoogleAdapter(
      { fetch, now: () => new Date(), getAccessToken: async () => tokens.accessToken },
      { apiRootUrl: s.endpoints.apiRootUrl, oauthEndpoints: s.endpoints.oauth },
    );
    await adapter.revokeCredentials();
    await expect(adapter.listCalendars()).rejects.toBeInstanceOf(AuthError);
    await expect(oauth.refresh(tokens.refreshToken!)).rejects.toMatchObject({ permanent: true });
  });

  test('a refresh token expired at the provider → AuthError permanent', async () => {
    s = await googleSandbox();
    const oauth = oauthFor(s);
    const { code, pkce } = await authorize(oauth, s.email);
    const tokens = await oauth.exchangeCode(code, pkce.codeVerifier);
    await s.server.sandbox.control.expire({
      provider: 'google',
      email: s.email,
      what: 'refresh_token',
    });
    await expect(oauth.refresh(tokens.refreshToken!)).rejects.toMatchObject({
      name: 'AuthError',
      permanent: true,
    });
  });

  test('a wrong PKCE verifier or a reused code is refused', async () => {
    s = await googleSandbox();
    const oauth = oauthFor(s);
    const first = await authorize(oauth, s.email);
    await expect(
      oauth.exchangeCode(first.code, createPKCEPair().codeVerifier),
    ).rejects.toMatchObject({
      providerCode: 'invalid_grant',
    });
    const second = await authorize(oauth, s.email);
    await oauth.exchangeCode(second.code, second.pkce.codeVerifier);
    await expect(oauth.exchangeCode(second.code, second.pkce.codeVerifier)).rejects.toBeInstanceOf(
      AuthError,
    );
  });

  test('scopes the user did not grant are reported', async () => {
    s = await googleSandbox();
    const oauth = oauthFor(
      s,
      GOOGLE_SCOPES.filter((scope) => !scope.endsWith('calendar.events.freebusy')),
    );
    const { code, pkce } = await authorize(oauth, s.email);
    const tokens = await oauth.exchangeCode(code, pkce.codeVerifier);
    expect(tokens.missingScopes).toEqual([
      'https://www.googleapis.com/auth/calendar.events.freebusy',
    ]);
  });

  test('a bad client secret is a configuration error, not the user’s', async () => {
    s = await googleSandbox();
    const oauth = new GoogleOAuth(
      { clientId: 'x', clientSecret: 'y', redirectUri: REDIRECT_URI, endpoints: s.endpoints.oauth },
      {
        now: () => new Date(),
        fetch: async () =>
          new Response(
            JSON.stringify({ error: 'invalid_client', error_description: 'Unauthorized' }),
            {
              status: 401,
            },
          ),
      },
    );
    await expect(oauth.refresh('1//whatever')).rejects.toBeInstanceOf(NonRetryableProviderError);
  });
});

describe('authorization URL', () => {
  test('code flow, PKCE S256, offline access, consent, scopes and login hint', () => {
    const oauth = new GoogleOAuth(
      { clientId: 'cid', clientSecret: 'secret', redirectUri: REDIRECT_URI },
      { fetch, now: () => new Date() },
    );
    const url = oauth.createAuthorizationURL({
      state: 'st',
      codeChallenge: 'ch',
      loginHint: 'ann@example.com',
    });
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: REDIRECT_URI,
      scope: GOOGLE_SCOPES.join(' '),
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: 'true',
      login_hint: 'ann@example.com',
    });
    expect(REQUIRED_GOOGLE_SCOPES).toEqual([
      'https://www.googleapis.com/auth/calendar.events',
      'https://www.googleapis.com/auth/calendar.calendarlist.readonly',
      'https://www.googleapis.com/auth/calendar.events.freebusy',
    ]);
  });

  test('PKCE: the RFC 7636 appendix B example', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const pair = createPKCEPair();
    expect(pair.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.codeChallenge).toBe(codeChallengeS256(pair.codeVerifier));
  });
});

describe('needsRefresh (refresh 5 minutes before expiry)', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  test.each([
    ['2026-03-01T11:00:00Z', false],
    ['2026-03-01T10:05:01Z', false],
    ['2026-03-01T10:05:00Z', true],
    ['2026-03-01T10:04:00Z', true],
    ['2026-03-01T09:00:00Z', true],
    ['garbage', true],
  ])('expires %s → %s', (expiresAt, expected) => {
    expect(needsRefresh(expiresAt, now)).toBe(expected);
  });
  test('a Date and a custom margin', () => {
    expect(needsRefresh(new Date('2026-03-01T10:20:00Z'), now, 30 * 60_000)).toBe(true);
  });
});

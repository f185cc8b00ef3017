import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphHarness } from './test-support.js';
import { startGraphHarness } from './test-support.js';

let h: GraphHarness;
beforeAll(async () => {
  h = await startGraphHarness();
  h.emulator.createAccount('first@contoso.example');
  h.emulator.createAccount('second@contoso.example');
});
afterAll(() => h.close());

const clientId = 'calsync-test-client';
const redirectUri = 'http://127.0.0.1:9/callback';
const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const challenge = createHash('sha256').update(verifier).digest('base64url');

interface TokenBody {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  error?: string;
  error_description?: string;
  error_codes?: number[];
}

async function authorize(params: Record<string, string>): Promise<URL> {
  const url = new URL(`${h.providerBase}/common/oauth2/v2.0/authorize`);
  const all = {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid offline_access Calendars.ReadWrite',
    state: 'st-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [name, value] of Object.entries(all)) url.searchParams.set(name, value);
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

async function token(
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: TokenBody }> {
  const response = await fetch(`${h.providerBase}/organizations/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ client_id: clientId, ...form }),
  });
  return { status: response.status, body: (await response.json()) as TokenBody };
}

async function signIn(loginHint?: string, headers: Record<string, string> = {}) {
  const redirect = await authorize(loginHint ? { login_hint: loginHint } : {});
  const code = redirect.searchParams.get('code') ?? '';
  return token(
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier },
    headers,
  );
}

async function me(accessToken: string | undefined): Promise<Response> {
  return fetch(`${h.providerBase}/v1.0/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

describe('Graph emulator checklist (PROTOCOLS.md §2.11)', () => {
  it('Token endpoint: rotating refresh tokens, invalid_grant with AADSTS codes, 24 h SPA tokens', async () => {
    const { body: signedIn } = await signIn('second@contoso.example');
    expect(signedIn.refresh_token).toBeDefined();
    const rotated = await token({
      grant_type: 'refresh_token',
      refresh_token: signedIn.refresh_token ?? '',
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).toBeDefined();
    expect(rotated.body.refresh_token).not.toBe(signedIn.refresh_token);
    // As Azure AD does, the previous refresh token is not revoked by rotation.
    const again = await token({
      grant_type: 'refresh_token',
      refresh_token: signedIn.refresh_token ?? '',
    });
    expect(again.status).toBe(200);

    const unknown = await token({ grant_type: 'refresh_token', refresh_token: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('invalid_grant');
    expect(unknown.body.error_description).toMatch(/^AADSTS\d+: /);

    h.emulator.expire('second@contoso.example', 'refresh_token');
    const revoked = await token({
      grant_type: 'refresh_token',
      refresh_token: rotated.body.refresh_token ?? '',
    });
    expect(revoked.body.error).toBe('invalid_grant');
    expect(revoked.body.error_codes).toEqual([50173]);

    const { body: spa } = await signIn('first@contoso.example', {
      origin: 'http://127.0.0.1:5173',
    });
    h.clock.nowMs += 23 * 3_600_000;
    const spaRefresh = await token(
      { grant_type: 'refresh_token', refresh_token: spa.refresh_token ?? '' },
      { origin: 'http://127.0.0.1:5173' },
    );
    expect(spaRefresh.status).toBe(200);
    h.clock.nowMs += 2 * 3_600_000;
    const spaExpired = await token(
      { grant_type: 'refresh_token', refresh_token: spaRefresh.body.refresh_token ?? '' },
      { origin: 'http://127.0.0.1:5173' },
    );
    expect(spaExpired.body.error_codes).toEqual([700084]);
  });
});

describe('identity platform', () => {
  it('authorize auto-consents as login_hint, else the first account, and returns state', async () => {
    const hinted = await authorize({ login_hint: 'second@contoso.example' });
    expect(hinted.origin + hinted.pathname).toBe(redirectUri);
    expect(hinted.searchParams.get('state')).toBe('st-123');
    const code = hinted.searchParams.get('code') ?? '';
    const exchanged = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    const claims = JSON.parse(
      Buffer.from(exchanged.body.id_token?.split('.')[1] ?? '', 'base64url').toString(),
    ) as { preferred_username: string };
    expect(claims.preferred_username).toBe('second@contoso.example');
    const profile = (await (await me(exchanged.body.access_token)).json()) as { mail: string };
    expect(profile.mail).toBe('second@contoso.example');

    const { body: first } = await signIn();
    expect(((await (await me(first.access_token)).json()) as { mail: string }).mail).toBe(
      'first@contoso.example',
    );
    const unknownUser = await authorize({ login_hint: 'nobody@contoso.example' });
    expect(unknownUser.searchParams.get('error')).toBe('invalid_request');
  });

  it('checks PKCE S256, redirect_uri and single use of codes', async () => {
    const code = (await authorize({})).searchParams.get('code') ?? '';
    const wrongVerifier = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: 'wrong',
    });
    expect(wrongVerifier.body.error_codes).toEqual([501481]);
    const code2 = (await authorize({})).searchParams.get('code') ?? '';
    const wrongRedirect = await token({
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: 'http://elsewhere/',
      code_verifier: verifier,
    });
    expect(wrongRedirect.body.error).toBe('invalid_grant');
    const code3 = (await authorize({})).searchParams.get('code') ?? '';
    const ok = await token({
      grant_type: 'authorization_code',
      code: code3,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(ok.status).toBe(200);
    const reused = await token({
      grant_type: 'authorization_code',
      code: code3,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(reused.body.error_codes).toEqual([54005]);
  });

  it('access tokens expire by the clock and through expire(access_token) with 401 InvalidAuthenticationToken', async () => {
    const { body } = await signIn('first@contoso.example');
    expect((await me(body.access_token)).status).toBe(200);
    h.clock.nowMs += 3601 * 1000;
    const expired = await me(body.access_token);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe(
      'InvalidAuthenticationToken',
    );
    const account = h.emulator.createAccount('first@contoso.example');
    expect((await me(account.access_token)).status).toBe(200);
    h.emulator.expire('first@contoso.example', 'access_token');
    expect((await me(account.access_token)).status).toBe(401);
    const renewed = h.emulator.createAccount('first@contoso.example');
    expect(renewed.access_token).not.toBe(account.access_token);
    expect((await me(renewed.access_token)).status).toBe(200);
    expect((await me(undefined)).status).toBe(401);
  });
});

import { createHash, createHmac } from 'node:crypto';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { GoogleRuntime } from './runtime.js';
import { ACCESS_TOKEN_LIFETIME_SECONDS } from './tokens.js';

/** Used when authorize finds no account at all. */
export const DEFAULT_GOOGLE_ACCOUNT = 'sandbox.user@example.com';
const ID_TOKEN_KEY = 'calsync-sandbox-id-token-key';

type Form = Record<string, string>;

async function formOf(c: Context): Promise<Form> {
  const form: Form = {};
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (type.includes('application/json')) {
    const parsed = JSON.parse(text === '' ? '{}' : text) as Record<string, unknown>;
    for (const [key, value] of Object.entries(parsed))
      if (typeof value === 'string') form[key] = value;
  } else {
    for (const [key, value] of new URLSearchParams(text)) form[key] = value;
  }
  for (const [key, value] of new URL(c.req.url).searchParams) form[key] ??= value;
  const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (basic !== undefined) {
    const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    form.client_id ??= decodeURIComponent(id ?? '');
    form.client_secret ??= decodeURIComponent(secret ?? '');
  }
  return form;
}

function oauthError(
  c: Context,
  error: string,
  description: string,
  status: 400 | 401 = 400,
): Response {
  return c.json({ error, error_description: description }, status);
}

function subjectOf(email: string): string {
  const digits = BigInt(
    `0x${createHash('sha256').update(email).digest('hex').slice(0, 16)}`,
  ).toString();
  return `1${digits.padStart(20, '0')}`.slice(0, 21);
}

function idToken(rt: GoogleRuntime, email: string, clientId: string): string {
  const nowSeconds = Math.floor(rt.nowMs() / 1000);
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT', kid: 'sandbox' })}.${part({
    iss: 'https://accounts.google.com',
    aud: clientId,
    azp: clientId,
    sub: subjectOf(email),
    email,
    email_verified: true,
    iat: nowSeconds,
    exp: nowSeconds + ACCESS_TOKEN_LIFETIME_SECONDS,
  })}`;
  return `${unsigned}.${createHmac('sha256', ID_TOKEN_KEY).update(unsigned).digest('base64url')}`;
}

function pkceMatches(
  challenge: string,
  method: 'S256' | 'plain' | undefined,
  verifier: string,
): boolean {
  if (method === 'S256')
    return createHash('sha256').update(verifier).digest('base64url') === challenge;
  return verifier === challenge;
}

function bearerEmail(rt: GoogleRuntime, c: Context): string | undefined {
  const token =
    /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ??
    c.req.query('access_token') ??
    '';
  return rt.tokens.accountOf(token.trim())?.email;
}

/** Google OAuth 2.0 under `/oauth2`: authorize (auto-consent), token, revoke, userinfo, tokeninfo. */
export function oauthRoutes(rt: GoogleRuntime): Hono {
  const authorize = (c: Context): Response => {
    const q = (name: string): string | undefined => c.req.query(name);
    const clientId = q('client_id');
    const redirectUri = q('redirect_uri');
    if (clientId === undefined || redirectUri === undefined || !URL.canParse(redirectUri)) {
      return oauthError(
        c,
        'invalid_request',
        'client_id and an absolute redirect_uri are required',
      );
    }
    const redirect = new URL(redirectUri);
    const state = q('state');
    if (state !== undefined) redirect.searchParams.set('state', state);
    if (q('response_type') !== 'code') {
      redirect.searchParams.set('error', 'unsupported_response_type');
      return c.redirect(redirect.toString(), 302);
    }
    const method = q('code_challenge_method');
    if (method !== undefined && method !== 'S256' && method !== 'plain') {
      return oauthError(c, 'invalid_request', 'code_challenge_method must be S256 or plain');
    }
    const hinted = q('login_hint')?.toLowerCase();
    const email =
      hinted !== undefined && hinted.includes('@')
        ? rt.state.ensureAccount(hinted).email
        : (rt.state.accounts.keys().next().value ??
          rt.state.ensureAccount(DEFAULT_GOOGLE_ACCOUNT).email);
    const scope = q('scope') ?? 'https://www.googleapis.com/auth/calendar';
    const challenge = q('code_challenge');
    const code = rt.tokens.issueCode({
      email,
      clientId,
      redirectUri,
      scope,
      offline: q('access_type') === 'offline',
      codeChallenge: challenge,
      codeChallengeMethod:
        challenge === undefined ? undefined : ((method ?? 'plain') as 'S256' | 'plain'),
    });
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('scope', scope);
    redirect.searchParams.set('authuser', '0');
    redirect.searchParams.set('prompt', 'consent');
    return c.redirect(redirect.toString(), 302);
  };

  return new Hono()
    .get('/auth', authorize)
    .get('/v2/auth', authorize)
    .post('/token', async (c) => {
      const form = await formOf(c);
      if (form.grant_type === 'authorization_code') {
        const record = rt.tokens.takeCode(form.code ?? '');
        if (record === undefined) return oauthError(c, 'invalid_grant', 'Malformed auth code.');
        if (form.client_id !== undefined && form.client_id !== record.clientId) {
          return oauthError(c, 'unauthorized_client', 'Unauthorized');
        }
        if (form.redirect_uri !== record.redirectUri)
          return oauthError(c, 'redirect_uri_mismatch', 'Bad Request');
        if (record.codeChallenge !== undefined) {
          if (form.code_verifier === undefined)
            return oauthError(c, 'invalid_grant', 'Missing code verifier.');
          if (!pkceMatches(record.codeChallenge, record.codeChallengeMethod, form.code_verifier)) {
            return oauthError(c, 'invalid_grant', 'Invalid code verifier.');
          }
        }
        const refreshToken = record.offline
          ? rt.tokens.issueRefreshToken(record.email, record.clientId, record.scope)
          : undefined;
        const accessToken = rt.tokens.issueAccessToken(
          record.email,
          record.scope,
          ACCESS_TOKEN_LIFETIME_SECONDS,
          refreshToken,
        );
        return c.json({
          access_token: accessToken,
          expires_in: ACCESS_TOKEN_LIFETIME_SECONDS - 1,
          ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
          scope: record.scope,
          token_type: 'Bearer',
          ...(record.scope.split(' ').includes('openid')
            ? { id_token: idToken(rt, record.email, record.clientId) }
            : {}),
        });
      }
      if (form.grant_type === 'refresh_token') {
        const refreshToken = form.refresh_token ?? '';
        const grant = rt.tokens.grantOf(refreshToken);
        if (grant === undefined)
          return oauthError(c, 'invalid_grant', 'Token has been expired or revoked.');
        return c.json({
          access_token: rt.tokens.issueAccessToken(
            grant.email,
            grant.scope,
            ACCESS_TOKEN_LIFETIME_SECONDS,
            refreshToken,
          ),
          expires_in: ACCESS_TOKEN_LIFETIME_SECONDS - 1,
          scope: grant.scope,
          token_type: 'Bearer',
        });
      }
      return oauthError(
        c,
        'unsupported_grant_type',
        `Invalid grant_type: ${form.grant_type ?? ''}`,
      );
    })
    .post('/revoke', async (c) => {
      const form = await formOf(c);
      if (!rt.tokens.revoke(form.token ?? ''))
        return oauthError(c, 'invalid_token', 'Token expired or revoked');
      return c.json({});
    })
    .get('/v3/userinfo', (c) => {
      const email = bearerEmail(rt, c);
      if (email === undefined) return oauthError(c, 'invalid_request', 'Invalid Credentials', 401);
      return c.json({
        sub: subjectOf(email),
        email,
        email_verified: true,
        name: email.split('@')[0],
      });
    })
    .get('/v2/userinfo', (c) => {
      const email = bearerEmail(rt, c);
      if (email === undefined) return oauthError(c, 'invalid_request', 'Invalid Credentials', 401);
      return c.json({
        id: subjectOf(email),
        email,
        verified_email: true,
        name: email.split('@')[0],
      });
    })
    .get('/v3/tokeninfo', (c) => {
      const token = c.req.query('access_token') ?? '';
      const grant = rt.tokens.accountOf(token);
      if (grant === undefined) return oauthError(c, 'invalid_token', 'Invalid Value');
      return c.json({
        sub: subjectOf(grant.email),
        email: grant.email,
        email_verified: 'true',
        scope: grant.scope,
        exp: String(Math.floor(grant.expiresAtMs / 1000)),
        expires_in: String(Math.max(0, Math.floor((grant.expiresAtMs - rt.nowMs()) / 1000))),
      });
    });
}

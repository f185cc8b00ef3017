import { Hono } from 'hono';
import type { Context } from 'hono';
import type { GraphDeps } from '../deps.js';
import { newToken, pkceS256 } from '../ids.js';
import type { StoredUser } from '../model.js';

const CODE_LIFETIME_MS = 10 * 60_000;
const MS_PER_DAY = 86_400_000;

/** Azure AD's error body: `error`, an `AADSTSnnnnn`-prefixed description, and `error_codes`. */
function aadError(
  c: Context,
  nowMs: number,
  error: string,
  code: number,
  description: string,
  status: 400 | 401 = 400,
): Response {
  const traceId = crypto.randomUUID();
  const correlationId = crypto.randomUUID();
  const timestamp = new Date(nowMs)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return c.json(
    {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
    status,
  );
}

function base64urlJSON(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** An unsigned id_token carrying the claims a sync engine reads (oid, tid, preferred_username). */
function idToken(deps: GraphDeps, user: StoredUser, clientId: string, nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000);
  const claims = {
    aud: clientId,
    iss: `https://login.microsoftonline.com/${deps.settings.tenantId}/v2.0`,
    iat: seconds,
    nbf: seconds,
    exp: seconds + 3600,
    name: user.displayName,
    oid: user.id,
    preferred_username: user.email,
    email: user.email,
    sub: user.id,
    tid: deps.settings.tenantId,
    ver: '2.0',
  };
  return `${base64urlJSON({ typ: 'JWT', alg: 'none' })}.${base64urlJSON(claims)}.`;
}

/** Issues an access token (and a refresh token when `offline_access` was asked for). */
function issueTokens(
  c: Context,
  deps: GraphDeps,
  user: StoredUser,
  clientId: string,
  scope: string,
  spaExpiresMs: number | null,
): Response {
  const nowMs = deps.ctx.now().getTime();
  const lifetimeSeconds = deps.settings.accessTokenLifetimeSeconds;
  const accessToken = newToken('EwB');
  deps.state.accessTokens.set(accessToken, {
    userId: user.id,
    expiresMs: nowMs + lifetimeSeconds * 1000,
    revoked: false,
  });
  const scopes = scope.split(/\s+/).filter(Boolean);
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: scopes.filter((s) => s !== 'offline_access').join(' '),
    expires_in: lifetimeSeconds,
    ext_expires_in: lifetimeSeconds,
    access_token: accessToken,
  };
  if (scopes.includes('offline_access')) {
    const refreshToken = newToken('M.C5');
    deps.state.refreshTokens.set(refreshToken, {
      userId: user.id,
      clientId,
      scope,
      lastUsedMs: nowMs,
      spaExpiresMs,
      revoked: false,
    });
    body.refresh_token = refreshToken;
  }
  if (scopes.includes('openid')) body.id_token = idToken(deps, user, clientId, nowMs);
  return c.json(body);
}

/** Microsoft identity platform v2: `/{tenant}/oauth2/v2.0/authorize` (auto-consent) and `/token`. */
export function oauthRoutes(deps: GraphDeps) {
  const app = new Hono();

  app.get('/:tenant/oauth2/v2.0/authorize', (c) => {
    const q = (name: string): string | undefined => c.req.query(name);
    const clientId = q('client_id');
    const redirectUri = q('redirect_uri');
    if (!clientId || !redirectUri) {
      return aadError(
        c,
        deps.ctx.now().getTime(),
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id' and 'redirect_uri'.",
      );
    }
    const redirect = new URL(redirectUri);
    const state = q('state');
    if (state !== undefined) redirect.searchParams.set('state', state);
    const fail = (error: string, description: string): Response => {
      redirect.searchParams.set('error', error);
      redirect.searchParams.set('error_description', description);
      return c.redirect(redirect.toString(), 302);
    };
    if (q('response_type') !== 'code')
      return fail(
        'unsupported_response_type',
        'AADSTS700054: response_type is not enabled for the application.',
      );
    const method = q('code_challenge_method') ?? (q('code_challenge') ? 'plain' : undefined);
    if (method !== undefined && method !== 'S256' && method !== 'plain') {
      return fail('invalid_request', 'AADSTS501491: Invalid code_challenge_method.');
    }
    const hint = q('login_hint');
    const user = hint ? deps.state.findUser(hint) : deps.state.users.values().next().value;
    if (!user) {
      return fail(
        'invalid_request',
        `AADSTS50034: The user account ${hint ?? ''} does not exist in this directory.`,
      );
    }
    const code = newToken('0.A');
    deps.state.authCodes.set(code, {
      userId: user.id,
      clientId,
      redirectUri,
      scope: q('scope') ?? 'openid profile offline_access https://graph.microsoft.com/.default',
      codeChallenge: q('code_challenge') ?? null,
      codeChallengeMethod: method ?? null,
      expiresMs: deps.ctx.now().getTime() + CODE_LIFETIME_MS,
      redeemed: false,
    });
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('session_state', crypto.randomUUID());
    return c.redirect(redirect.toString(), 302);
  });

  app.post('/:tenant/oauth2/v2.0/token', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string): string | undefined =>
      typeof form[name] === 'string' ? form[name] : undefined;
    const nowMs = deps.ctx.now().getTime();
    const clientId = field('client_id');
    if (!clientId)
      return aadError(
        c,
        nowMs,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    const grantType = field('grant_type');
    const spaExpiryMs = c.req.header('origin')
      ? nowMs + deps.settings.spaRefreshTokenLifetimeHours * 3_600_000
      : null;

    if (grantType === 'authorization_code') {
      const record = deps.state.authCodes.get(field('code') ?? '');
      if (!record || record.clientId !== clientId) {
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          9002313,
          'Invalid request. Request is malformed or invalid.',
        );
      }
      if (record.redeemed)
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          54005,
          'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
        );
      if (record.expiresMs <= nowMs)
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          70008,
          'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
        );
      if (record.redirectUri !== field('redirect_uri')) {
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          50011,
          'The redirect URI specified in the request does not match the redirect URIs configured for the application.',
        );
      }
      if (record.codeChallenge !== null) {
        const verifier = field('code_verifier') ?? '';
        const derived = record.codeChallengeMethod === 'S256' ? pkceS256(verifier) : verifier;
        if (derived !== record.codeChallenge) {
          return aadError(
            c,
            nowMs,
            'invalid_grant',
            501481,
            'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
          );
        }
      }
      record.redeemed = true;
      const user = deps.state.users.get(record.userId);
      if (!user)
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          50034,
          'The user account does not exist in this directory.',
        );
      return issueTokens(c, deps, user, clientId, field('scope') ?? record.scope, spaExpiryMs);
    }

    if (grantType === 'refresh_token') {
      const presented = field('refresh_token') ?? '';
      const record = deps.state.refreshTokens.get(presented);
      if (!record || record.clientId !== clientId) {
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          9002313,
          'Invalid request. Request is malformed or invalid.',
        );
      }
      if (record.revoked) {
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          50173,
          'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
        );
      }
      if (record.spaExpiresMs !== null && record.spaExpiresMs <= nowMs) {
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          700084,
          'The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which cannot be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page.',
        );
      }
      if (record.lastUsedMs + deps.settings.refreshTokenInactivityDays * MS_PER_DAY <= nowMs) {
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          700082,
          'The refresh token has expired due to inactivity. The token was issued and was inactive for 90.00:00:00.',
        );
      }
      const user = deps.state.users.get(record.userId);
      if (!user)
        return aadError(
          c,
          nowMs,
          'invalid_grant',
          50034,
          'The user account does not exist in this directory.',
        );
      record.lastUsedMs = nowMs;
      if (deps.settings.revokeRotatedRefreshTokens) record.revoked = true;
      const scope = field('scope') ?? record.scope;
      // Refresh tokens rotate: a new one every time, keeping a SPA token's original fixed expiry.
      const withOffline = scope.split(/\s+/).includes('offline_access')
        ? scope
        : `${scope} offline_access`;
      return issueTokens(c, deps, user, clientId, withOffline, record.spaExpiresMs);
    }

    return aadError(
      c,
      nowMs,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'.`,
    );
  });
  return app;
}

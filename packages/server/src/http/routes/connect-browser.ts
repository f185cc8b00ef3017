import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ServerContext } from '../../context.js';
import {
  bindingCookieName,
  createBrowserNonce,
  nonceMatches,
  serverCallbackUri,
  START_TICKET_PATTERN,
  STATE_PATTERN,
  stateForTicket,
} from '../../connect/browser-binding.js';
import { challengeFor } from '../../connect/pkce.js';
import { secretBinding } from '../../crypto/secret-binding.js';
import { hashToken } from '../../crypto/secrets.js';
import { findOAuthState, OAUTH_STATE_TTL_MS, startOAuthState } from '../../store/oauth-states.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import type { AppServices } from '../services.js';
import { completeOAuth, oauthConnector, storeProvider } from './connect-complete.js';
import {
  callbackPage,
  isCallbackErrorCode,
  type CallbackErrorCode,
  type CallbackResult,
} from './connect-callback.js';

type OAuthProvider = 'google' | 'outlook';

/** Where the result may be posted: this server's origin and the configured browser origins. */
const allowedOrigins = (ctx: ServerContext): string[] => [
  new URL(ctx.baseUrl).origin,
  ...ctx.corsOrigins,
];

const cookieOptions = (ctx: ServerContext, provider: OAuthProvider) => ({
  // Sent only to the callback, never to the rest of the API.
  path: new URL(serverCallbackUri(ctx.baseUrl, provider)).pathname,
  httpOnly: true,
  secure: ctx.baseUrl.startsWith('https:'),
  // Lax: sent on the provider's top-level redirect back (cross-site); Strict would not be.
  sameSite: 'Lax' as const,
});

function sendPage(c: Context, ctx: ServerContext, status: number, result: CallbackResult) {
  const { html, headers } = callbackPage(result, allowedOrigins(ctx));
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.html(html, status as 200);
}

function failure(provider: OAuthProvider, state: string | null, error: CallbackErrorCode) {
  return { status: 'error' as const, provider, state, error };
}

/**
 * The public pages of the OAuth connect flow (no bearer token: a browser window opens them).
 * `start` binds a state to the browser and sends it to the provider; `callback` completes the
 * flow for that browser only.
 */
export function connectBrowserRoutes(ctx: ServerContext, services: AppServices) {
  const router = createRouter();

  router.get('/calendar-integrations/:provider{google|outlook}/start', async (c) => {
    const provider = c.req.param('provider') as OAuthProvider;
    const ticket = c.req.query('ticket') ?? '';
    if (!START_TICKET_PATTERN.test(ticket))
      return sendPage(c, ctx, 400, failure(provider, null, 'invalid_ticket'));
    const state = stateForTicket(ticket);
    const connector =
      provider === 'google' ? services.connectors?.google : services.connectors?.microsoft;
    if (!connector)
      return sendPage(c, ctx, 404, failure(provider, state, 'provider_not_configured'));
    const nonce = createBrowserNonce();
    const started = await startOAuthState(ctx.sql, {
      state,
      provider: storeProvider(provider),
      redirectUri: serverCallbackUri(ctx.baseUrl, provider),
      browserHash: hashToken(nonce),
      now: ctx.now(),
    });
    if (!started) return sendPage(c, ctx, 400, failure(provider, state, 'invalid_ticket'));
    const authorizationUrl = connector.authorizationUrl({
      state,
      codeChallenge: challengeFor(
        ctx.keyring.decrypt(
          started.code_verifier,
          secretBinding.oauthStateVerifier(started.tenant_id, hashToken(state)),
        ),
      ),
      redirectUri: started.redirect_uri,
      ...(started.login_hint ? { loginHint: started.login_hint } : {}),
    });
    setCookie(c, bindingCookieName(state), nonce, {
      ...cookieOptions(ctx, provider),
      maxAge: Math.floor(OAUTH_STATE_TTL_MS / 1000),
    });
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
    return c.redirect(authorizationUrl, 302);
  });

  router.get('/calendar-integrations/:provider{google|outlook}/callback', async (c) => {
    const provider = c.req.param('provider') as OAuthProvider;
    const rawState = c.req.query('state');
    const state = rawState !== undefined && STATE_PATTERN.test(rawState) ? rawState : null;
    const code = c.req.query('code');
    const nonce = state ? getCookie(c, bindingCookieName(state)) : undefined;
    // Whatever happens next, this browser's binding for the state is spent.
    if (state && nonce !== undefined)
      deleteCookie(c, bindingCookieName(state), cookieOptions(ctx, provider));
    const providerError = c.req.query('error');
    if (providerError !== undefined) {
      const error = providerError === 'access_denied' ? 'access_denied' : 'provider_error';
      return sendPage(c, ctx, 400, failure(provider, state, error));
    }
    if (!code || !state) return sendPage(c, ctx, 400, failure(provider, state, 'invalid_request'));
    try {
      oauthConnector(services.connectors ?? {}, provider);
      const pending = await findOAuthState(ctx.sql, { state, provider: storeProvider(provider) });
      const usable =
        pending &&
        pending.used_at === null &&
        pending.expires_at > ctx.now() &&
        pending.redirect_uri === serverCallbackUri(ctx.baseUrl, provider);
      if (!usable) return sendPage(c, ctx, 400, failure(provider, state, 'invalid_state'));
      // Another browser (no cookie, or another nonce): refuse, and leave the state to its owner.
      if (!nonceMatches(nonce, pending.browser_hash))
        return sendPage(c, ctx, 403, failure(provider, state, 'browser_mismatch'));
      const { connection } = await completeOAuth(ctx, services, {
        provider,
        code,
        state,
        browserHash: hashToken(nonce!),
      });
      return sendPage(c, ctx, 200, {
        status: 'connected',
        provider,
        state,
        integrationId: connection.id,
      });
    } catch (error) {
      if (error instanceof ApiError) {
        const known = isCallbackErrorCode(error.code) ? error.code : 'server_error';
        return sendPage(c, ctx, error.status, failure(provider, state, known));
      }
      ctx.logger.error({ err: error, provider }, 'OAuth callback failed');
      return sendPage(c, ctx, 500, failure(provider, state, 'server_error'));
    }
  });

  return router;
}

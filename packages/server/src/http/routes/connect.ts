import { createRoute, z } from '@hono/zod-openapi';
import { AuthError } from '@calsync/core';
import type { ServerContext } from '../../context.js';
import type { Connectors, OAuthConnector } from '../../connect/connectors.js';
import { secretBinding } from '../../crypto/secret-binding.js';
import { hashToken } from '../../crypto/secrets.js';
import { establishConnection, type ConnectSettings } from '../../connect/establish.js';
import { createPKCE, createState } from '../../connect/pkce.js';
import { presentIntegrations } from '../../services/integration-view.js';
import { consumeOAuthState, saveOAuthState } from '../../store/oauth-states.js';
import { upsertUser } from '../../store/users.js';
import { userScope } from '../auth.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { errorResponses, ExternalUserId } from '../schemas/common.js';
import { IntegrationSchema, IntegrationSettingsFields } from '../schemas/integration.js';
import { requireSync, type AppServices } from '../services.js';
import { callbackPage } from './connect-callback.js';

const OAuthProviderParam = z.object({
  provider: z.enum(['google', 'outlook']).openapi({ param: { name: 'provider', in: 'path' } }),
});

const SETTINGS_KEYS = Object.keys(IntegrationSettingsFields);

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

function oauthConnector(connectors: Connectors, provider: 'google' | 'outlook'): OAuthConnector {
  const connector = provider === 'google' ? connectors.google : connectors.microsoft;
  if (!connector)
    throw new ApiError(
      404,
      'provider_not_configured',
      `${provider} is not configured on this server.`,
    );
  return connector;
}

function pickSettings(value: Record<string, unknown>): ConnectSettings {
  return Object.fromEntries(
    Object.entries(value).filter(([k]) => SETTINGS_KEYS.includes(k)),
  ) as ConnectSettings;
}

const providersRoute = createRoute({
  method: 'get',
  path: '/providers',
  summary: 'Which providers this server can connect',
  responses: {
    200: json(
      z.object({
        data: z.array(
          z.object({
            provider: z.enum(['google', 'outlook', 'icloud', 'caldav']),
            flow: z.enum(['oauth', 'credentials']),
          }),
        ),
      }),
      'Configured providers',
    ),
    ...errorResponses,
  },
});

const AuthorizeBody = z
  .object({
    redirect_uri: z.url({ protocol: /^https?$/ }).optional(),
    user_id: ExternalUserId.optional(),
    login_hint: z.string().max(320).optional(),
    ...IntegrationSettingsFields,
  })
  .strict()
  .openapi('AuthorizeIntegration');

const authorizeRoute = createRoute({
  method: 'post',
  path: '/calendar-integrations/{provider}/authorize',
  summary: 'Start the OAuth code flow (state + PKCE)',
  request: {
    params: OAuthProviderParam,
    body: { content: { 'application/json': { schema: AuthorizeBody } }, required: false },
  },
  responses: {
    200: json(
      z.object({ authorization_url: z.string(), state: z.string() }),
      'Where to send the user',
    ),
    ...errorResponses,
  },
});

const CreateIntegrationBody = z
  .discriminatedUnion('provider', [
    z
      .object({
        provider: z.enum(['google', 'outlook']),
        authorization_code: z.string().min(1).max(4096),
        state: z.string().min(1).max(512),
        ...IntegrationSettingsFields,
      })
      .strict(),
    z
      .object({
        provider: z.literal('icloud'),
        user_id: ExternalUserId.optional(),
        server_url: z.url({ protocol: /^https?$/ }).optional(),
        username: z.string().min(1).max(320),
        password: z.string().min(1).max(1024),
        ...IntegrationSettingsFields,
      })
      .strict(),
    z
      .object({
        provider: z.literal('caldav'),
        user_id: ExternalUserId.optional(),
        server_url: z.url({ protocol: /^https?$/ }),
        username: z.string().min(1).max(320),
        password: z.string().min(1).max(1024),
        ...IntegrationSettingsFields,
      })
      .strict(),
  ])
  .openapi('CreateIntegration');

const createIntegrationRoute = createRoute({
  method: 'post',
  path: '/calendar-integrations',
  summary:
    'Connect an account: an OAuth code (Google, Outlook) or CalDAV credentials (iCloud, CalDAV)',
  request: {
    body: { content: { 'application/json': { schema: CreateIntegrationBody } }, required: true },
  },
  responses: {
    200: json(IntegrationSchema, 'Reconnected an account already connected'),
    201: json(IntegrationSchema, 'Connected; the initial sync runs in the background'),
    422: errorResponses[400],
    ...errorResponses,
  },
});

/** Completes an OAuth flow from its state and code; shared by the callback and the JSON route. */
async function completeOAuth(
  ctx: ServerContext,
  services: AppServices,
  input: { provider: 'google' | 'outlook'; code: string; state: string; tenantId?: string },
) {
  const rt = requireSync(services);
  const connector = oauthConnector(services.connectors ?? {}, input.provider);
  const provider = input.provider === 'google' ? 'google' : 'microsoft';
  const saved = await consumeOAuthState(ctx.sql, { state: input.state, provider, now: ctx.now() });
  if (!saved || (input.tenantId && saved.tenant_id !== input.tenantId)) {
    throw new ApiError(
      400,
      'invalid_state',
      'The state is unknown, expired or already used; start again.',
    );
  }
  let account;
  try {
    account = await connector.exchangeCode({
      code: input.code,
      codeVerifier: ctx.keyring.decrypt(
        saved.code_verifier,
        secretBinding.oauthStateVerifier(saved.tenant_id, hashToken(input.state)),
      ),
      redirectUri: saved.redirect_uri,
    });
  } catch (error) {
    if (error instanceof AuthError)
      throw new ApiError(400, 'invalid_grant', 'The provider refused the authorization code.');
    throw error;
  }
  return establishConnection(rt, {
    tenantId: saved.tenant_id,
    userId: saved.user_id,
    provider,
    caldavFlavour: null,
    account,
    settings: pickSettings(saved.settings),
  });
}

/** Public routes of the connect flow (the OAuth redirect lands here without a bearer token). */
export function connectCallbackRoutes(ctx: ServerContext, services: AppServices) {
  const router = createRouter();
  router.get('/calendar-integrations/:provider{google|outlook}/callback', async (c) => {
    const provider = c.req.param('provider') as 'google' | 'outlook';
    const state = c.req.query('state') ?? null;
    const code = c.req.query('code');
    const origins = [new URL(ctx.baseUrl).origin, ...ctx.corsOrigins];
    const page = (status: number, result: Parameters<typeof callbackPage>[0]) =>
      c.html(callbackPage(result, origins), status as 200);
    const providerError = c.req.query('error');
    if (providerError) return page(400, { status: 'error', provider, state, error: providerError });
    if (!code || !state)
      return page(400, { status: 'error', provider, state, error: 'missing code or state' });
    try {
      const { connection } = await completeOAuth(ctx, services, { provider, code, state });
      return page(200, { status: 'connected', provider, state, integrationId: connection.id });
    } catch (error) {
      if (error instanceof ApiError)
        return page(error.status, { status: 'error', provider, state, error: error.message });
      throw error;
    }
  });
  return router;
}

/** Providers, OAuth authorisation and account connection. */
export function connectRoutes(ctx: ServerContext, services: AppServices) {
  const connectors = services.connectors ?? {};
  return createRouter()
    .openapi(providersRoute, (c) => {
      const data: {
        provider: 'google' | 'outlook' | 'icloud' | 'caldav';
        flow: 'oauth' | 'credentials';
      }[] = [];
      if (connectors.google) data.push({ provider: 'google', flow: 'oauth' });
      if (connectors.microsoft) data.push({ provider: 'outlook', flow: 'oauth' });
      if (connectors.caldav)
        data.push(
          { provider: 'icloud', flow: 'credentials' },
          { provider: 'caldav', flow: 'credentials' },
        );
      return c.json({ data }, 200);
    })
    .openapi(authorizeRoute, async (c) => {
      const auth = c.get('auth');
      const { provider } = c.req.valid('param');
      const body = (c.req.valid('json') as z.infer<typeof AuthorizeBody> | undefined) ?? {};
      const connector = oauthConnector(connectors, provider);
      const scope = userScope(auth, body.user_id);
      const user = await upsertUser(ctx.sql, scope.tenantId, scope.externalUserId);
      const state = createState();
      const { codeVerifier, codeChallenge } = createPKCE();
      const redirectUri =
        body.redirect_uri ?? `${ctx.baseUrl}/api/v1/calendar-integrations/${provider}/callback`;
      await saveOAuthState(ctx.sql, {
        state,
        tenant_id: scope.tenantId,
        user_id: user.id,
        provider: connector.provider,
        code_verifier: ctx.keyring.encrypt(
          codeVerifier,
          secretBinding.oauthStateVerifier(scope.tenantId, hashToken(state)),
        ),
        redirect_uri: redirectUri,
        settings: { ...pickSettings(body) },
        now: ctx.now(),
      });
      const authorizationUrl = connector.authorizationUrl({
        state,
        codeChallenge,
        redirectUri,
        ...(body.login_hint ? { loginHint: body.login_hint } : {}),
      });
      return c.json({ authorization_url: authorizationUrl, state }, 200);
    })
    .openapi(createIntegrationRoute, async (c) => {
      const auth = c.get('auth');
      const body = c.req.valid('json');
      if ('authorization_code' in body) {
        const { connection, created } = await completeOAuth(ctx, services, {
          provider: body.provider,
          code: body.authorization_code,
          state: body.state,
          tenantId: auth.tenantId,
        });
        if (auth.kind === 'session' && connection.user_id !== auth.userId) {
          throw new ApiError(404, 'not_found', 'No such authorization.');
        }
        const [output] = await presentIntegrations(ctx.sql, [connection]);
        return c.json(output!, created ? 201 : 200);
      }
      const rt = requireSync(services);
      if (!connectors.caldav)
        throw new ApiError(
          404,
          'provider_not_configured',
          'CalDAV is not configured on this server.',
        );
      const scope = userScope(auth, body.user_id);
      const flavour = body.provider === 'icloud' ? 'icloud' : 'generic';
      const result = await connectors.caldav.connect({
        flavour,
        serverUrl: body.server_url ?? null,
        username: body.username,
        password: body.password,
      });
      if (!result.ok) {
        throw new ApiError(
          422,
          result.failure.code,
          result.failure.message,
          result.failure.hint ? { hint: result.failure.hint } : undefined,
        );
      }
      const user = await upsertUser(ctx.sql, scope.tenantId, scope.externalUserId);
      const { connection, created } = await establishConnection(rt, {
        tenantId: scope.tenantId,
        userId: user.id,
        provider: 'caldav',
        caldavFlavour: flavour,
        account: result.account,
        settings: pickSettings(body),
      });
      const [output] = await presentIntegrations(ctx.sql, [connection]);
      return c.json(output!, created ? 201 : 200);
    });
}

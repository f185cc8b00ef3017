import { createRoute, z } from '@hono/zod-openapi';
import type { ServerContext } from '../../context.js';
import { secretBinding } from '../../crypto/secret-binding.js';
import { hashToken } from '../../crypto/secrets.js';
import {
  createStartTicket,
  serverCallbackUri,
  serverStartUri,
} from '../../connect/browser-binding.js';
import { establishConnection } from '../../connect/establish.js';
import { createPKCE, createState } from '../../connect/pkce.js';
import { presentIntegrations } from '../../services/integration-view.js';
import { findOAuthState, saveOAuthState } from '../../store/oauth-states.js';
import { upsertUser } from '../../store/users.js';
import { userScope } from '../auth.js';
import { ApiError } from '../errors.js';
import { createRouter } from '../router.js';
import { errorResponses, ExternalUserId } from '../schemas/common.js';
import { IntegrationSchema, IntegrationSettingsFields } from '../schemas/integration.js';
import { requireSync, type AppServices } from '../services.js';
import {
  completeOAuth,
  invalidState,
  oauthConnector,
  pickSettings,
  storeProvider,
} from './connect-complete.js';

const OAuthProviderParam = z.object({
  provider: z.enum(['google', 'outlook']).openapi({ param: { name: 'provider', in: 'path' } }),
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

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
    redirect_uri: z
      .url({ protocol: /^https?$/ })
      .optional()
      .openapi({
        description:
          "Where the provider sends the user back. Leave it out to use this server's callback page " +
          '(the sign-in window binds the flow to its browser). Anything else must be one of the ' +
          "server's allowed redirect URIs (`CALSYNC_OAUTH_REDIRECT_URIS`), and the code is then " +
          'completed with `POST /calendar-integrations` by the same user.',
      }),
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
      z.object({
        authorization_url: z.string().openapi({
          description:
            "Open it in the sign-in window. With the server's callback page, a Calsync start URL " +
            'holding a single-use ticket valid for 60 seconds: it binds the flow to that browser ' +
            '(an HttpOnly cookie) and redirects to the provider. With an allowed `redirect_uri`, ' +
            "the provider's consent URL.",
        }),
        state: z.string().openapi({
          description:
            'The OAuth state: the callback page posts it back with the result (expires in 10 minutes).',
        }),
      }),
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
      const callbackUri = serverCallbackUri(ctx.baseUrl, provider);
      const redirectUri = body.redirect_uri ?? callbackUri;
      if (redirectUri !== callbackUri && !(ctx.oauthRedirectUris ?? []).includes(redirectUri)) {
        throw new ApiError(
          400,
          'redirect_uri_not_allowed',
          "redirect_uri is not one of this server's allowed redirect URIs; leave it out to use its callback page.",
        );
      }
      // The server's callback page: the window starts at Calsync, which binds it to the browser.
      const ticket = redirectUri === callbackUri ? createStartTicket() : undefined;
      const state = ticket?.state ?? createState();
      const { codeVerifier, codeChallenge } = createPKCE();
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
        login_hint: body.login_hint ?? null,
        now: ctx.now(),
      });
      const authorizationUrl = ticket
        ? serverStartUri(ctx.baseUrl, provider, ticket.ticket)
        : connector.authorizationUrl({
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
        // Who may complete it is checked before the state is taken: the caller's tenant, a
        // session's own user, and only for a host redirect (the server's callback page binds
        // its states to a browser instead).
        const pending = await findOAuthState(ctx.sql, {
          state: body.state,
          provider: storeProvider(body.provider),
        });
        if (
          !pending ||
          pending.tenant_id !== auth.tenantId ||
          (auth.kind === 'session' && pending.user_id !== auth.userId) ||
          pending.redirect_uri === serverCallbackUri(ctx.baseUrl, body.provider)
        ) {
          throw invalidState();
        }
        const { connection, created } = await completeOAuth(ctx, services, {
          provider: body.provider,
          code: body.authorization_code,
          state: body.state,
        });
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

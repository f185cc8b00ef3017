import type { RunningSandboxServer } from '@calsync/sandbox';
import type { ServerContext } from '../../src/context.js';
import { createApp } from '../../src/http/app.js';
import { googleIntegration } from '../../src/integrations/google/index.js';
import { registerSyncJobs } from '../../src/jobs/register-sync.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import type { TestContext } from '../../src/testing/context.js';
import type { TestDatabase } from '../../src/testing/database.js';
import { createTenantFixture } from '../../src/testing/tenant-fixture.js';
import { E2E_FETCH, E2E_SYNC_OPTIONS, startE2EStack } from './support/e2e-stack.js';
import { httpClient, type HttpClient } from './support/http-client.js';

export type { HttpClient, HttpResult } from './support/http-client.js';

/** Google Calendar as its user sees it: the sandbox's API with the account's own token. */
export interface GoogleCalendarUser {
  readonly email: string;
  /** `calendars/{primary}/events…` of the user's primary calendar. */
  events: HttpClient;
  /**
   * Expires the account's tokens in the sandbox (every access token, refresh tokens, or sync
   * tokens), then signs the user in to Google again: only Calsync's grant is affected.
   */
  expire(what: 'access_token' | 'refresh_token' | 'sync_tokens'): Promise<void>;
}

/** The Calsync server on a real port, with workers, the Google integration and the sandbox. */
export interface GoogleE2EServer {
  readonly db: TestDatabase;
  readonly t: TestContext;
  readonly ctx: ServerContext;
  readonly baseUrl: string;
  readonly sandbox: RunningSandboxServer;
  /** `/api/v1` with the tenant's secret key. */
  readonly api: HttpClient;
  /** The whole server without credentials (callback page, webhooks, metrics). */
  readonly raw: HttpClient;
  /** External id of the test user. */
  readonly userId: string;
  /** Creates a sandbox Google account and returns its own view of its primary calendar. */
  googleAccount(email: string): Promise<GoogleCalendarUser>;
  close(): Promise<void>;
}

/**
 * Starts everything the Google end-to-end tests run against: a test database, pg-boss with the
 * sync workers running (no cron schedules, so every pull is caused by the test or a webhook), the
 * sandbox on its own port, and the server on another with `baseUrl` pointing at it, so watch
 * notifications really reach `/api/v1/webhooks/google`.
 */
export async function startGoogleE2EServer(): Promise<GoogleE2EServer> {
  const stack = await startE2EStack();
  const { db, t, sandbox, baseUrl, ctx } = stack;
  const google = googleIntegration({
    clientId: 'e2e-client.apps.googleusercontent.com',
    clientSecret: 'e2e-secret',
    providerBaseUrl: `${sandbox.url}/google`,
    fetch: E2E_FETCH,
    now: ctx.now,
  });
  const registry = new ProviderRegistry().register('google', google.entry);
  const sync = await registerSyncJobs(ctx, t.boss, registry, E2E_SYNC_OPTIONS);
  stack.serve(
    createApp(ctx, {
      sync,
      connectors: { google: google.connector },
      publicRoutes: [google.webhookRoutes(ctx)],
    }),
  );
  const tenant = await createTenantFixture(db.sql, 'Google e2e', ctx.now);
  const userId = 'ann';
  await tenant.user(userId);
  const api = httpClient(`${baseUrl}/api/v1`, () => ({
    authorization: `Bearer ${tenant.secretKey}`,
  }));
  return {
    db,
    t,
    ctx,
    baseUrl,
    sandbox,
    api,
    raw: httpClient(baseUrl, () => ({})),
    userId,
    googleAccount: async (email) => {
      const { control } = sandbox.sandbox;
      let token = (await control.createAccount({ provider: 'google', email })).access_token;
      const root = `${sandbox.url}/google/calendar/v3/calendars/${encodeURIComponent(email)}`;
      return {
        email,
        events: httpClient(root, () => ({ authorization: `Bearer ${token}` })),
        expire: async (what) => {
          await control.expire({ provider: 'google', email, what });
          token = (await control.createAccount({ provider: 'google', email })).access_token;
        },
      };
    },
    close: () => stack.close(),
  };
}

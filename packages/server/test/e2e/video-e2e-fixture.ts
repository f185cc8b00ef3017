import type { RunningSandboxServer } from '@calsync/sandbox';
import { createApp } from '../../src/http/app.js';
import type { AppServices } from '../../src/http/services.js';
import { googleIntegration } from '../../src/integrations/google/index.js';
import { registerSyncJobs } from '../../src/jobs/register-sync.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import type { TestContext } from '../../src/testing/context.js';
import type { TestDatabase } from '../../src/testing/database.js';
import { createTenantFixture } from '../../src/testing/tenant-fixture.js';
import { E2E_SYNC_OPTIONS, startE2EStack } from './support/e2e-stack.js';
import { registerVideoJobs } from '../../src/video/job.js';
import { zoomProviderFor } from '../../src/video/zoom-provider.js';
import { httpClient, type HttpClient } from './support/http-client.js';

export type { HttpClient, HttpResult } from './support/http-client.js';

/** The Calsync server on a real port with Google, Zoom (both the sandbox's) and every worker. */
export interface VideoE2EServer {
  readonly db: TestDatabase;
  readonly t: TestContext;
  readonly baseUrl: string;
  readonly sandbox: RunningSandboxServer;
  /** `/api/v1` with the tenant's secret key. */
  readonly api: HttpClient;
  /** External id of the test user. */
  readonly userId: string;
  /** Creates the sandbox accounts of `email`: its Google calendar and its Zoom user. */
  accounts(email: string): Promise<{ google: HttpClient; zoom: HttpClient }>;
  close(): Promise<void>;
}

/**
 * Starts a test database, pg-boss with the sync and video workers (no cron schedules), the
 * sandbox on its own port and the server on another, wired as the server process wires them:
 * sync and video hooks composed, Zoom pointed at the sandbox.
 */
export async function startVideoE2EServer(): Promise<VideoE2EServer> {
  const stack = await startE2EStack({ video: true });
  const { db, t, sandbox, baseUrl, ctx } = stack;
  const fetchFn: typeof fetch = (input, init) => fetch(input, init);
  const google = googleIntegration({
    clientId: 'e2e-client.apps.googleusercontent.com',
    clientSecret: 'e2e-secret',
    providerBaseUrl: `${sandbox.url}/google`,
    fetch: fetchFn,
    now: ctx.now,
  });
  const registry = new ProviderRegistry().register('google', google.entry);
  const sync = await registerSyncJobs(ctx, t.boss, registry, E2E_SYNC_OPTIONS);
  const video = await registerVideoJobs(sync, {
    zoom: zoomProviderFor({ sandboxBaseUrl: () => sandbox.url, fetch: fetchFn, now: ctx.now }),
    waitDelaysSeconds: [0.5, 1, 1, 2, 2, 4],
  });
  const services: AppServices = {
    sync,
    video,
    connectors: { google: google.connector },
    publicRoutes: [google.webhookRoutes(ctx)],
  };
  stack.serve(createApp(ctx, services));
  const tenant = await createTenantFixture(db.sql, 'Video e2e', ctx.now);
  const userId = 'ann';
  await tenant.user(userId);
  return {
    db,
    t,
    baseUrl,
    sandbox,
    api: httpClient(`${baseUrl}/api/v1`, () => ({ authorization: `Bearer ${tenant.secretKey}` })),
    userId,
    accounts: async (email) => {
      const control = sandbox.sandbox.control;
      const googleAccount = await control.createAccount({ provider: 'google', email });
      const zoomAccount = await control.createAccount({ provider: 'zoom', email });
      return {
        google: httpClient(
          `${sandbox.url}/google/calendar/v3/calendars/${encodeURIComponent(email)}`,
          () => ({ authorization: `Bearer ${googleAccount.access_token}` }),
        ),
        zoom: httpClient(`${sandbox.url}/zoom/v2`, () => ({
          authorization: `Bearer ${zoomAccount.access_token}`,
        })),
      };
    },
    close: () => stack.close(),
  };
}

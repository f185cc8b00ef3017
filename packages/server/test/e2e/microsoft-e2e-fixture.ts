import type { RunningSandboxServer } from '@calsync/sandbox';
import type { ServerContext } from '../../src/context.js';
import { createApp } from '../../src/http/app.js';
import {
  microsoftIntegration,
  type MicrosoftIntegration,
} from '../../src/integrations/microsoft/index.js';
import { registerSyncJobs } from '../../src/jobs/register-sync.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import { registerVideoJobs } from '../../src/video/job.js';
import type { SyncRuntime } from '../../src/sync/runtime.js';
import type { TestContext } from '../../src/testing/context.js';
import type { TestDatabase } from '../../src/testing/database.js';
import { createTenantFixture } from '../../src/testing/tenant-fixture.js';
import { E2E_FETCH, E2E_SYNC_OPTIONS, startE2EStack } from './support/e2e-stack.js';
import { httpClient, type HttpClient } from './support/http-client.js';

export type { HttpClient, HttpResult } from './support/http-client.js';

/** Outlook as its user sees it: Graph on the sandbox with the mailbox's own token. */
export interface OutlookUser {
  readonly email: string;
  /** `…/microsoft/v1.0/me…` */
  readonly graph: HttpClient;
}

/** The Calsync server on a real port, with workers, the Microsoft integration and the sandbox. */
export interface MicrosoftE2EServer {
  readonly db: TestDatabase;
  readonly t: TestContext;
  readonly ctx: ServerContext;
  readonly rt: SyncRuntime;
  readonly microsoft: MicrosoftIntegration;
  readonly baseUrl: string;
  readonly sandbox: RunningSandboxServer;
  /** `/api/v1` with the tenant's secret key. */
  readonly api: HttpClient;
  /** The whole server without credentials (callback page, webhooks, metrics). */
  readonly raw: HttpClient;
  /** The sandbox below `/sandbox` (control API). */
  readonly sandboxHttp: HttpClient;
  /** External id of the test user. */
  readonly userId: string;
  /** Creates a sandbox Microsoft mailbox and returns its own view of Graph. */
  outlookAccount(email: string): Promise<OutlookUser>;
  close(): Promise<void>;
}

/**
 * Starts everything the Microsoft end-to-end tests run against: a test database, pg-boss with
 * the sync workers running (no cron schedules: every pull is caused by the test or a Graph
 * notification), the sandbox on its own port, and the server on another with `baseUrl` pointing
 * at it, so subscription validation and notifications really reach `/api/v1/webhooks/microsoft`.
 */
export async function startMicrosoftE2EServer(): Promise<MicrosoftE2EServer> {
  const stack = await startE2EStack({ video: true });
  const { db, t, sandbox, baseUrl, ctx } = stack;
  // Filled in once the jobs are registered: lifecycle notifications renew channels with it.
  const live: { rt?: SyncRuntime } = {};
  const microsoft = microsoftIntegration({
    clientId: 'e2e-client',
    clientSecret: 'e2e-secret',
    tenant: 'common',
    baseUrl: `${sandbox.url}/microsoft`,
    fetch: E2E_FETCH,
    now: ctx.now,
    context: ctx,
    sync: () => live.rt,
  });
  const registry = new ProviderRegistry().register('microsoft', microsoft.entry);
  const rt = await registerSyncJobs(ctx, t.boss, registry, E2E_SYNC_OPTIONS);
  // Teams meetings are made by pushing the event; the video job waits for Graph's join URL.
  await registerVideoJobs(rt, { waitDelaysSeconds: [0.5, 1, 1, 2, 2, 4] });
  live.rt = rt;
  stack.serve(
    createApp(ctx, {
      sync: rt,
      connectors: { microsoft: microsoft.connector },
      publicRoutes: [microsoft.routes],
    }),
  );
  const tenant = await createTenantFixture(db.sql, 'Microsoft e2e', ctx.now);
  const userId = 'olivia';
  await tenant.user(userId);
  return {
    db,
    t,
    ctx,
    rt,
    microsoft,
    baseUrl,
    sandbox,
    api: httpClient(`${baseUrl}/api/v1`, () => ({ authorization: `Bearer ${tenant.secretKey}` })),
    raw: httpClient(baseUrl, () => ({})),
    sandboxHttp: httpClient(sandbox.url, () => ({})),
    userId,
    outlookAccount: async (email) => {
      const account = await sandbox.sandbox.control.createAccount({ provider: 'microsoft', email });
      return {
        email,
        graph: httpClient(`${sandbox.url}/microsoft/v1.0/me`, () => ({
          authorization: `Bearer ${account.access_token}`,
        })),
      };
    },
    close: () => stack.close(() => microsoft.idle()),
  };
}

import type { RunningSandboxServer } from '@calsync/sandbox';
import { createApp } from '../../src/http/app.js';
import { microsoftIntegration } from '../../src/integrations/microsoft/index.js';
import { registerSyncJobs } from '../../src/jobs/register-sync.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import type { SyncRuntime } from '../../src/sync/runtime.js';
import type { TestDatabase } from '../../src/testing/database.js';
import { createTenantFixture } from '../../src/testing/tenant-fixture.js';
import { registerVideoJobs } from '../../src/video/job.js';
import { E2E_SYNC_OPTIONS, startE2EStack } from './support/e2e-stack.js';
import { httpClient, type HttpClient } from './support/http-client.js';
import { followSignIn } from '../../src/testing/follow-sign-in.js';

export type { HttpClient } from './support/http-client.js';

/** The Calsync server on a real port with the Microsoft integration, video jobs and the sandbox. */
export interface TeamsE2EServer {
  readonly db: TestDatabase;
  readonly sandbox: RunningSandboxServer;
  /** `/api/v1` with the tenant's secret key. */
  readonly api: HttpClient;
  /** External id of the test user. */
  readonly userId: string;
  /** Creates the mailbox, connects it through the consent flow; its Graph `/me` and the id. */
  connect(email: string): Promise<{ outlook: HttpClient; integrationId: string }>;
  close(): Promise<void>;
}

/**
 * Starts a test database, pg-boss with the sync and video workers, the sandbox and the server,
 * wired as the server process wires them (sync and video hooks composed, `/video-meetings`
 * mounted), with only the Microsoft integration: Teams meetings are made through Graph events.
 */
export async function startTeamsE2EServer(): Promise<TeamsE2EServer> {
  const stack = await startE2EStack({ video: true });
  const { db, t, sandbox, baseUrl, ctx } = stack;
  const live: { rt?: SyncRuntime } = {};
  const microsoft = microsoftIntegration({
    clientId: 'e2e-client',
    clientSecret: 'e2e-secret',
    tenant: 'common',
    baseUrl: `${sandbox.url}/microsoft`,
    fetch: (input, init) => fetch(input, init),
    now: ctx.now,
    context: ctx,
    sync: () => live.rt,
  });
  const registry = new ProviderRegistry().register('microsoft', microsoft.entry);
  const sync = await registerSyncJobs(ctx, t.boss, registry, E2E_SYNC_OPTIONS);
  live.rt = sync;
  const video = await registerVideoJobs(sync, { waitDelaysSeconds: [0.5, 1, 1, 2, 2, 4] });
  stack.serve(
    createApp(ctx, {
      sync,
      video,
      connectors: { microsoft: microsoft.connector },
      publicRoutes: [microsoft.routes],
    }),
  );
  const tenant = await createTenantFixture(db.sql, 'Teams e2e', ctx.now);
  const userId = 'tess';
  await tenant.user(userId);
  const api = httpClient(`${baseUrl}/api/v1`, () => ({
    authorization: `Bearer ${tenant.secretKey}`,
  }));
  return {
    db,
    sandbox,
    api,
    userId,
    connect: async (email) => {
      const account = await sandbox.sandbox.control.createAccount({ provider: 'microsoft', email });
      const authorize = await api.call<{ authorization_url: string }>(
        'POST',
        '/calendar-integrations/outlook/authorize',
        { user_id: userId, login_hint: email },
      );
      const html = await (await followSignIn(authorize.body.authorization_url)).text();
      return {
        outlook: httpClient(`${sandbox.url}/microsoft/v1.0/me`, () => ({
          authorization: `Bearer ${account.access_token}`,
        })),
        integrationId: /"integrationId":"([^"]+)"/.exec(html)?.[1] ?? '',
      };
    },
    close: () => stack.close(() => microsoft.idle()),
  };
}

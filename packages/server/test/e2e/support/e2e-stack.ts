import { serve, type ServerType } from '@hono/node-server';
import { startSandboxServer, type RunningSandboxServer } from '@calsync/sandbox';
import type { ServerContext } from '../../../src/context.js';
import { createAddressPolicy } from '../../../src/net/address-policy.js';
import { createGuardedFetch } from '../../../src/net/guarded-fetch.js';
import type { SyncOptions } from '../../../src/sync/runtime.js';
import { createSyncHooks } from '../../../src/sync/hooks.js';
import { createTestContext, type TestContext } from '../../../src/testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../../src/testing/database.js';
import { composeHooks, createVideoHooks } from '../../../src/video/hooks.js';

/**
 * What the suites fetch providers with: the guarded fetch a production process uses, with the
 * sandbox's loopback address allowed explicitly.
 */
export const E2E_FETCH: typeof fetch = createGuardedFetch({
  policy: createAddressPolicy(['127.0.0.0/8']),
});

/** Sync tuning of every end-to-end suite: workers on, no cron (every pull is caused by the test or a webhook), short backoff. */
export const E2E_SYNC_OPTIONS: SyncOptions = {
  runsWorkers: true,
  schedules: false,
  workerPollingSeconds: 0.5,
  backoff: { baseDelayMs: 200, maxDelayMs: 1000 },
  fetch: E2E_FETCH,
};

type FetchHandler = { fetch: (req: Request) => Response | Promise<Response> };

/** What every provider end-to-end suite runs on. */
export interface E2EStack {
  readonly db: TestDatabase;
  readonly t: TestContext;
  readonly sandbox: RunningSandboxServer;
  /** The server's own URL: provider notifications and OAuth redirects come back to it. */
  readonly baseUrl: string;
  /** The test context pointed at `baseUrl`, with the sync (and optionally video) hooks. */
  readonly ctx: ServerContext;
  /** Starts answering with the app (requests before that get 503). */
  serve(app: FetchHandler): void;
  /** Stops jobs, then `afterJobs` (e.g. a provider's background work), the server, the sandbox, the database. */
  close(afterJobs?: () => Promise<void>): Promise<void>;
}

function listen(handler: (req: Request) => Response | Promise<Response>) {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

/**
 * A test database, pg-boss, the sandbox on its own port and a server port whose URL is known
 * before the app is built (the app's webhooks and callbacks need it), wired as the server process
 * wires them.
 */
export async function startE2EStack(options: { video?: boolean } = {}): Promise<E2EStack> {
  const db = await createTestDatabase();
  const t = await createTestContext(db);
  const sandbox = await startSandboxServer({ port: 0 });
  const live: { app?: FetchHandler } = {};
  const { server, port } = await listen((req) =>
    live.app ? live.app.fetch(req) : new Response('starting', { status: 503 }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const syncHooks = createSyncHooks(t.ctx.jobs);
  const ctx: ServerContext = {
    ...t.ctx,
    now: () => new Date(),
    baseUrl,
    corsOrigins: [],
    sync: options.video ? composeHooks(syncHooks, createVideoHooks(t.ctx.jobs)) : syncHooks,
  };
  return {
    db,
    t,
    sandbox,
    baseUrl,
    ctx,
    serve: (app) => {
      live.app = app;
    },
    close: async (afterJobs) => {
      await t.close();
      await afterJobs?.();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await sandbox.close();
      await db.drop();
    },
  };
}

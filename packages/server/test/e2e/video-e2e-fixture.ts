import { serve, type ServerType } from '@hono/node-server';
import { startSandboxServer, type RunningSandboxServer } from '@calsync/sandbox';
import type { ServerContext } from '../../src/context.js';
import { createApp } from '../../src/http/app.js';
import type { VideoServices } from '../../src/http/routes/video-meetings.js';
import type { AppServices } from '../../src/http/services.js';
import { googleIntegration } from '../../src/integrations/google/index.js';
import { registerSyncJobs } from '../../src/jobs/register-sync.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import { createSyncHooks } from '../../src/sync/hooks.js';
import { createTestContext, type TestContext } from '../../src/testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/database.js';
import { createTenantFixture } from '../../src/testing/tenant-fixture.js';
import { composeHooks, createVideoHooks } from '../../src/video/hooks.js';
import { registerVideoJobs } from '../../src/video/job.js';
import { zoomProviderFor } from '../../src/video/zoom-provider.js';

/** A response with its parsed JSON body (null when empty or not JSON). */
export interface HttpResult<T> {
  status: number;
  body: T;
}

/** Calls an HTTP API over the network, JSON in and out. */
export interface HttpClient {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpResult<T>>;
  get<T = unknown>(path: string): Promise<HttpResult<T>>;
}

/** A JSON client of `root` sending `headers` on every call. */
export function httpClient(root: string, headers: () => Record<string, string>): HttpClient {
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${root}${path}`, {
      method,
      headers: {
        ...headers(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed as T };
  };
  return { call, get: (path) => call('GET', path) };
}

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

function listen(handler: (req: Request) => Response | Promise<Response>) {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

/**
 * Starts a test database, pg-boss with the sync and video workers (no cron schedules), the
 * sandbox on its own port and the server on another, wired as the server process wires them:
 * sync and video hooks composed, Zoom pointed at the sandbox.
 */
export async function startVideoE2EServer(): Promise<VideoE2EServer> {
  const db = await createTestDatabase();
  const t = await createTestContext(db);
  const sandbox = await startSandboxServer({ port: 0 });
  // Filled in once built: the port must be known first (it is the webhook's base URL).
  const live: { app?: ReturnType<typeof createApp> } = {};
  const { server, port } = await listen((req) =>
    live.app ? live.app.fetch(req) : new Response('starting', { status: 503 }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const ctx: ServerContext = {
    ...t.ctx,
    now: () => new Date(),
    baseUrl,
    corsOrigins: [],
    sync: composeHooks(createSyncHooks(t.ctx.jobs), createVideoHooks(t.ctx.jobs)),
  };
  const fetchFn: typeof fetch = (input, init) => fetch(input, init);
  const google = googleIntegration({
    clientId: 'e2e-client.apps.googleusercontent.com',
    clientSecret: 'e2e-secret',
    providerBaseUrl: `${sandbox.url}/google`,
    fetch: fetchFn,
    now: ctx.now,
  });
  const registry = new ProviderRegistry().register('google', google.entry);
  const sync = await registerSyncJobs(ctx, t.boss, registry, {
    runsWorkers: true,
    schedules: false,
    workerPollingSeconds: 0.5,
    backoff: { baseDelayMs: 200, maxDelayMs: 1000 },
  });
  const video = await registerVideoJobs(sync, {
    zoom: zoomProviderFor({ sandboxBaseUrl: () => sandbox.url, fetch: fetchFn, now: ctx.now }),
    waitDelaysSeconds: [0.5, 1, 1, 2, 2, 4],
  });
  const services: AppServices & VideoServices = {
    sync,
    video,
    connectors: { google: google.connector },
    publicRoutes: [google.webhookRoutes(ctx)],
  };
  live.app = createApp(ctx, services);
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
    close: async () => {
      await t.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await sandbox.close();
      await db.drop();
    },
  };
}

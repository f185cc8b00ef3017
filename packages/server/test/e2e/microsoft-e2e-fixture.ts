import { serve, type ServerType } from '@hono/node-server';
import { startSandboxServer, type RunningSandboxServer } from '@calsync/sandbox';
import type { ServerContext } from '../../src/context.js';
import { createApp } from '../../src/http/app.js';
import {
  microsoftIntegration,
  type MicrosoftIntegration,
} from '../../src/integrations/microsoft/index.js';
import { registerSyncJobs } from '../../src/jobs/register-sync.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import { createSyncHooks } from '../../src/sync/hooks.js';
import { composeHooks, createVideoHooks } from '../../src/video/hooks.js';
import { registerVideoJobs } from '../../src/video/job.js';
import type { SyncRuntime } from '../../src/sync/runtime.js';
import { createTestContext, type TestContext } from '../../src/testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/database.js';
import { createTenantFixture } from '../../src/testing/tenant-fixture.js';

/** A response with its parsed JSON body (null when empty or not JSON). */
export interface HttpResult<T> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** Calls an HTTP API over the network, JSON in and out. */
export interface HttpClient {
  call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResult<T>>;
  get<T = unknown>(path: string): Promise<HttpResult<T>>;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** A JSON client of `root` sending `headers` on every call. */
export function httpClient(root: string, headers: () => Record<string, string>): HttpClient {
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) => {
    const res = await fetch(`${root}${path}`, {
      method,
      headers: {
        ...headers(),
        ...extra,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: parseJson(text) as T };
  };
  return { call, get: (path) => call('GET', path) };
}

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

function listen(handler: (req: Request) => Response | Promise<Response>) {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

/**
 * Starts everything the Microsoft end-to-end tests run against: a test database, pg-boss with
 * the sync workers running (no cron schedules: every pull is caused by the test or a Graph
 * notification), the sandbox on its own port, and the server on another with `baseUrl` pointing
 * at it, so subscription validation and notifications really reach `/api/v1/webhooks/microsoft`.
 */
export async function startMicrosoftE2EServer(): Promise<MicrosoftE2EServer> {
  const db = await createTestDatabase();
  const t = await createTestContext(db);
  const sandbox = await startSandboxServer({ port: 0 });
  // Filled in once built: the port must be known first (it is the webhook's base URL).
  const live: {
    app?: { fetch: (req: Request) => Response | Promise<Response> };
    rt?: SyncRuntime;
  } = {};
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
  const rt = await registerSyncJobs(ctx, t.boss, registry, {
    runsWorkers: true,
    schedules: false,
    workerPollingSeconds: 0.5,
    backoff: { baseDelayMs: 200, maxDelayMs: 1000 },
  });
  // Teams meetings are made by pushing the event; the video job waits for Graph's join URL.
  await registerVideoJobs(rt, { waitDelaysSeconds: [0.5, 1, 1, 2, 2, 4] });
  live.rt = rt;
  live.app = createApp(ctx, {
    sync: rt,
    connectors: { microsoft: microsoft.connector },
    publicRoutes: [microsoft.routes],
  });
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
    close: async () => {
      await t.close();
      await microsoft.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await sandbox.close();
      await db.drop();
    },
  };
}

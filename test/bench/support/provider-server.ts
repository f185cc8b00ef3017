import { performance } from 'node:perf_hooks';
import { serve, type ServerType } from '@hono/node-server';
import {
  startSandboxServer,
  type RunningSandboxServer,
  type SandboxOptions,
} from '@calsync/sandbox';
import {
  connectDatabase,
  createApiKey,
  createApp,
  createSyncHooks,
  createTenant,
  googleIntegration,
  microsoftIntegration,
  ProviderRegistry,
  registerSyncJobs,
  upsertUser,
  type ServerContext,
  type SQL,
  type SyncRuntime,
} from '@calsync/server';
import {
  createTestContext,
  createTestDatabase,
  followSignIn,
  type TestContext,
  type TestDatabase,
} from '@calsync/server/testing';

/** The pg-boss queue of the watch renewal job (cron every 15 minutes in production). */
export const WATCH_RENEWAL_QUEUE = 'sync.watch-renewal';

export type BenchProvider = 'google' | 'microsoft';

/** A response with its parsed JSON body (null when empty or not JSON). */
export interface HttpResult<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON over HTTP against one root. */
export interface HttpClient {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpResult<T>>;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

/** A JSON client for `root`, sending `headers()` with every request. */
export function httpClient(
  root: string,
  headers: () => Record<string, string> = () => ({}),
): HttpClient {
  return {
    call: async <T>(method: string, path: string, body?: unknown) => {
      const res = await fetch(`${root}${path}`, {
        method,
        headers: {
          ...headers(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: parseJson(await res.text()) as T, headers: res.headers };
    },
  };
}

/** The Calsync server on a real port with its sync workers, one provider and its sandbox. */
export interface ProviderBenchServer {
  readonly provider: BenchProvider;
  readonly db: TestDatabase;
  /** The server's own production-sized pool. */
  readonly sql: SQL;
  readonly t: TestContext;
  readonly baseUrl: string;
  readonly sandbox: RunningSandboxServer;
  /** `/api/v1` with the tenant's secret key. */
  readonly api: HttpClient;
  readonly userId: string;
  /** Status codes of every answer the server got from the provider, counted. */
  readonly providerAnswers: Map<number, number>;
  /** Every request the server sent the provider (API and OAuth), in order. */
  readonly providerRequests: ProviderRequest[];
  /** Moves the sandbox's clock forward (rolling throttling windows), not the server's. */
  advanceSandboxClock(ms: number): void;
  /** Creates the account in the sandbox; returns the token that acts as the user. */
  account(email: string): Promise<string>;
  /** Connects through authorize → sandbox consent (redirect) → callback; the integration id. */
  connect(email: string): Promise<string>;
  close(): Promise<void>;
}

/** One request the server sent the provider, with the answer's status. */
export interface ProviderRequest {
  readonly method: string;
  /** The URL's path, e.g. `/google/calendar/v3/calendars/ann%40example.com/events`. */
  readonly path: string;
  readonly status: number;
  /** `performance.now()` when the answer came. */
  readonly atMs: number;
}

export interface ProviderBenchOptions {
  provider: BenchProvider;
  sandbox?: Omit<SandboxOptions, 'now' | 'fetch' | 'publicBaseUrl'>;
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
 * Starts a fresh test database, pg-boss with the sync workers (no cron schedules), the sandbox on
 * its own port and the server on another, tuned as in production for a large import: big pages,
 * several pull and push workers, a 16-connection pool.
 */
export async function startProviderBench(
  options: ProviderBenchOptions,
): Promise<ProviderBenchServer> {
  const { provider } = options;
  const db = await createTestDatabase();
  const sql = connectDatabase(db.url, { max: 16 });
  const t = await createTestContext(db, { sql });
  let sandboxOffsetMs = 0;
  const sandbox = await startSandboxServer({
    port: 0,
    ...options.sandbox,
    now: () => new Date(Date.now() + sandboxOffsetMs),
  });
  const providerAnswers = new Map<number, number>();
  const providerRequests: ProviderRequest[] = [];
  const countingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    providerAnswers.set(res.status, (providerAnswers.get(res.status) ?? 0) + 1);
    const request = input instanceof Request ? input : null;
    providerRequests.push({
      method: init?.method ?? request?.method ?? 'GET',
      path: new URL(request?.url ?? String(input)).pathname,
      status: res.status,
      atMs: performance.now(),
    });
    return res;
  };
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
    sync: createSyncHooks(t.ctx.jobs),
  };
  const registry = new ProviderRegistry();
  const syncOptions = {
    runsWorkers: true,
    schedules: false,
    // pg-boss refuses to poll more often than every 0.5 s.
    workerPollingSeconds: 0.5,
    pageSize: 2500,
    concurrency: { pull: 2, push: 8 },
    backoff: { baseDelayMs: 200, maxDelayMs: 1000 },
    fetch: countingFetch,
  };
  let idle: () => Promise<void> = () => Promise.resolve();
  if (provider === 'google') {
    const google = googleIntegration({
      clientId: 'bench-client.apps.googleusercontent.com',
      clientSecret: 'bench-secret',
      providerBaseUrl: `${sandbox.url}/google`,
      fetch: countingFetch,
      now: ctx.now,
    });
    registry.register('google', google.entry);
    const rt = await registerSyncJobs(ctx, t.boss, registry, syncOptions);
    live.rt = rt;
    live.app = createApp(ctx, {
      sync: rt,
      connectors: { google: google.connector },
      publicRoutes: [google.webhookRoutes(ctx)],
      // One loopback source sends the whole load: no per-source budget here.
      webhookRateLimit: { ratePerSecond: 1e9, burst: 1e9 },
    });
  } else {
    const microsoft = microsoftIntegration({
      clientId: 'bench-client',
      clientSecret: 'bench-secret',
      tenant: 'common',
      baseUrl: `${sandbox.url}/microsoft`,
      fetch: countingFetch,
      now: ctx.now,
      context: ctx,
      sync: () => live.rt,
    });
    registry.register('microsoft', microsoft.entry);
    const rt = await registerSyncJobs(ctx, t.boss, registry, syncOptions);
    live.rt = rt;
    idle = () => microsoft.idle();
    live.app = createApp(ctx, {
      sync: rt,
      connectors: { microsoft: microsoft.connector },
      publicRoutes: [microsoft.routes],
      // One loopback source sends the whole load: no per-source budget here.
      webhookRateLimit: { ratePerSecond: 1e9, burst: 1e9 },
    });
  }
  const tenant = await createTenant(sql, `Bench ${provider}`);
  const { secret_key: secretKey } = await createApiKey(sql, tenant.id);
  const userId = 'bench-user';
  await upsertUser(sql, tenant.id, userId);
  const api = httpClient(`${baseUrl}/api/v1`, () => ({ authorization: `Bearer ${secretKey}` }));
  const route = provider === 'google' ? 'google' : 'outlook';

  return {
    provider,
    db,
    sql,
    t,
    baseUrl,
    sandbox,
    api,
    userId,
    providerAnswers,
    providerRequests,
    advanceSandboxClock: (ms) => {
      sandboxOffsetMs += ms;
    },
    account: async (email) =>
      (await sandbox.sandbox.control.createAccount({ provider, email })).access_token,
    connect: async (email) => {
      const authorize = await api.call<{ authorization_url: string }>(
        'POST',
        `/calendar-integrations/${route}/authorize`,
        { user_id: userId, login_hint: email },
      );
      if (authorize.status !== 200) throw new Error(`authorize answered ${authorize.status}`);
      const html = await (await followSignIn(authorize.body.authorization_url)).text();
      const integrationId = /"integrationId":"([^"]+)"/.exec(html)?.[1];
      if (!integrationId) throw new Error(`callback did not connect: ${html.slice(0, 300)}`);
      return integrationId;
    },
    close: async () => {
      await t.close();
      await idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await sandbox.close();
      await sql.end({ timeout: 5 });
      await db.drop();
    },
  };
}

/** Polls `check` every `intervalMs` until it holds or `timeoutMs` passes; whether it held. */
export async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 10,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs `task(i)` for i in [0, count) from `concurrency` loops. */
export async function inParallel(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

import { serve, type ServerType } from '@hono/node-server';
import { startSandboxServer, type RunningSandboxServer } from '@calsync/sandbox';
import {
  connectDatabase,
  createApiKey,
  createApp,
  createSyncHooks,
  createTenant,
  googleIntegration,
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
import { httpClient, type HttpClient } from './provider-server.js';

/** The sync options a load benchmark may tune (the rest are production defaults). */
export type LoadSyncOptions = Omit<
  NonNullable<Parameters<typeof registerSyncJobs>[3]>,
  'fetch' | 'runsWorkers' | 'schedules'
>;

/** The Calsync server with its workers, Google through the sandbox, on a fresh test database. */
export interface LoadServer {
  readonly db: TestDatabase;
  readonly sql: SQL;
  readonly t: TestContext;
  readonly rt: SyncRuntime;
  readonly sandbox: RunningSandboxServer;
  readonly api: HttpClient;
  readonly userId: string;
  /** Watch-channel notifications the sandbox delivered to the server's webhook route. */
  readonly notificationsDelivered: () => number;
  /** Creates the account in the sandbox; returns the token that acts as the user. */
  account(email: string): Promise<string>;
  /** Connects through authorize → sandbox consent → callback; the integration id. */
  connect(email: string): Promise<string>;
  close(): Promise<void>;
}

function authorizeOnce(api: HttpClient, userId: string, email: string) {
  return api.call<{ authorization_url: string }>(
    'POST',
    '/calendar-integrations/google/authorize',
    {
      user_id: userId,
      login_hint: email,
    },
  );
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
 * Like `startProviderBench('google')`, with the sync options given (no cron schedules: the
 * benchmark runs the poll scheduler itself) and a count of the notifications the sandbox's watch
 * channels delivered to `/api/v1/webhooks/google`.
 */
export async function startLoadServer(sync: LoadSyncOptions): Promise<LoadServer> {
  const db = await createTestDatabase();
  const sql = connectDatabase(db.url, { max: 16 });
  const t = await createTestContext(db, { sql });
  let delivered = 0;
  const sandbox = await startSandboxServer({
    port: 0,
    fetch: async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('/webhooks/google')) delivered += 1;
      return fetch(input, init);
    },
  });
  const live: { app?: { fetch: (req: Request) => Response | Promise<Response> } } = {};
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
  const google = googleIntegration({
    clientId: 'load-client.apps.googleusercontent.com',
    clientSecret: 'load-secret',
    providerBaseUrl: `${sandbox.url}/google`,
    fetch,
    now: ctx.now,
  });
  const registry = new ProviderRegistry();
  registry.register('google', google.entry);
  const rt = await registerSyncJobs(ctx, t.boss, registry, {
    ...sync,
    fetch,
    runsWorkers: true,
    schedules: false,
  });
  live.app = createApp(ctx, {
    sync: rt,
    connectors: { google: google.connector },
    publicRoutes: [google.webhookRoutes(ctx)],
    // One loopback source sends the whole load: no per-source budget here.
    webhookRateLimit: { ratePerSecond: 1e9, burst: 1e9 },
  });
  const tenant = await createTenant(sql, 'Load');
  const { secret_key: secretKey } = await createApiKey(sql, tenant.id);
  const userId = 'load-user';
  await upsertUser(sql, tenant.id, userId);
  const api = httpClient(`${baseUrl}/api/v1`, () => ({ authorization: `Bearer ${secretKey}` }));

  return {
    db,
    sql,
    t,
    rt,
    sandbox,
    api,
    userId,
    notificationsDelivered: () => delivered,
    account: async (email) =>
      (await sandbox.sandbox.control.createAccount({ provider: 'google', email })).access_token,
    connect: async (email) => {
      let authorize = await authorizeOnce(api, userId, email);
      // The API's own rate limit answers 429 when thousands connect at once: wait and retry.
      for (let tries = 0; authorize.status === 429 && tries < 60; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        authorize = await authorizeOnce(api, userId, email);
      }
      if (authorize.status !== 200) throw new Error(`authorize answered ${authorize.status}`);
      const html = await (await followSignIn(authorize.body.authorization_url)).text();
      const integrationId = /"integrationId":"([^"]+)"/.exec(html)?.[1];
      if (!integrationId) throw new Error(`callback did not connect: ${html.slice(0, 300)}`);
      return integrationId;
    },
    close: async () => {
      await t.close();
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

import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { demoAssetsDir } from '@calsync/demo';
import { createSandbox, type Sandbox } from '@calsync/sandbox';
import {
  ANY_ADDRESS,
  connectDatabase,
  createAddressPolicy,
  createApp,
  createOpsApp,
  createGuardedFetch,
  closeStreams,
  composeHooks,
  createSyncHooks,
  createVideoHooks,
  migrate,
  bindUnboundEnvelopes,
  TrustedProxies,
  pgBossSender,
  registerErasedConnectionCleanup,
  registerSyncJobs,
  registerVideoJobs,
  registerWebhookDelivery,
  startWebhookDispatcher,
  registerHousekeeping,
  SharedLimits,
  sharedRateLimitStores,
  startJobQueue,
  startProcessRegistration,
  type Logger,
  type ReadinessCheck,
  type ServerContext,
  type SyncRuntime,
  type SQL,
  type VideoServices,
  zoomProviderFor,
} from '@calsync/server';
import type { PgBoss } from 'pg-boss';
import { relative } from 'node:path';
import type { ServerConfig } from './config.js';
import { resolveDatabase, type ResolvedDatabase } from './database.js';
import { waitForDatabase } from './database-wait.js';
import { closeServerGracefully } from './graceful-close.js';
import { ensureDevTenant, type DevTenantFile } from './dev-tenant.js';
import { openCheckedKeyring } from './encryption-keys.js';
import { demoBackend } from './demo-backend.js';
import { demoPageHeaders } from './demo-headers.js';
import { elementsRoutes, loadElementsAssets } from './elements-assets.js';
import { setUpProviders } from './providers.js';
import { serverVersion } from './version.js';

/** A started Calsync process. */
export interface RunningCalsync {
  /** The public URL, when this process serves HTTP. */
  baseUrl: string | undefined;
  /** `http://…/api/v1`, when this process serves HTTP. */
  apiUrl: string | undefined;
  /** `http://…/demo/`, when this process serves HTTP. */
  demoUrl: string | undefined;
  /**
   * The elements' script-tag module (`http://…/elements/{version}/calsync-elements.js`) and its
   * `sha384-…` integrity, when this process serves HTTP and `@calsync/elements` is built.
   */
  elements: { url: string; integrity: string } | undefined;
  /** The port actually bound (differs from the configured one when that was 0). */
  port: number | undefined;
  /**
   * The port of a worker-only process's `/healthz`, `/readyz`, `/metrics` server
   * (`CALSYNC_WORKER_HTTP_PORT`), when it serves them.
   */
  opsPort: number | undefined;
  devTenant: (DevTenantFile & { created: boolean }) | undefined;
  /** What the providers want said at start-up (which are sandboxed, which are off). */
  notes: string[];
  /**
   * Stops HTTP (no new connections; in-flight requests finish within `CALSYNC_SHUTDOWN_TIMEOUT_MS`,
   * event streams end), then the workers (no new jobs; running ones finish within the same bound,
   * else are failed for a retry), then the database, in that order.
   */
  stop(): Promise<void>;
}

function listen(
  app: { fetch: (req: Request) => Response | Promise<Response> },
  port: number,
  hostname: string,
) {
  return new Promise<{ server: ServerType; port: number }>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info) =>
      resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
}

/**
 * After the SQL migrations: rewrites the unbound envelopes of earlier releases bound to their row,
 * unless `CALSYNC_UNBOUND_ENVELOPES=refuse` (then they are not read at all).
 */
async function bindEnvelopesAtStartUp(
  ctx: Pick<ServerContext, 'sql' | 'keyring'>,
  mode: ServerConfig['unboundEnvelopes'],
  logger: Logger,
): Promise<void> {
  if (mode === 'refuse') return;
  const report = await bindUnboundEnvelopes(ctx);
  if (report.bound && !report.failed) {
    logger.info(
      { bound: report.bound },
      'bound stored secrets to their rows; none unbound is left: once every process runs this ' +
        'release, set CALSYNC_UNBOUND_ENVELOPES=refuse',
    );
  }
  if (report.failed) {
    logger.warn(
      { failed: report.failed },
      'some stored secrets could not be decrypted to bind them; see calsync keys rotate-encryption',
    );
  }
}

/**
 * Starts everything the configuration asks for: the database (embedded when `DATABASE_URL` is
 * unset), migrations, pg-boss, the HTTP server with the sandbox and demo page when sandboxed.
 */
export async function startCalsync(config: ServerConfig, logger: Logger): Promise<RunningCalsync> {
  const cleanups: (() => Promise<void>)[] = [];
  // Once stopping, /readyz says so: a balancer or orchestrator stops sending work here.
  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
    }
  };
  try {
    const db: ResolvedDatabase = await resolveDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      onLog: (line) => logger.debug({ postgres: line.trim() }, 'postgres'),
    });
    cleanups.push(() => db.release());
    // An external database may still be starting (a compose stack, a failover): wait, bounded.
    if (!db.embedded && config.databaseUrl !== undefined) {
      await waitForDatabase(db.url, { maxWaitMs: config.databaseWaitMs, logger });
    }
    const { scaling } = config;
    // `calsync-api`, `calsync-worker` or `calsync-all`: pg_stat_activity tells the roles apart.
    const sql: SQL = connectDatabase(db.url, {
      applicationName: `calsync-${config.role}`,
      max: scaling.databasePoolMax,
    });
    cleanups.push(() => sql.end({ timeout: 5 }));
    const report = await migrate(sql);
    if (report.applied.length) logger.info({ applied: report.applied }, 'migrations applied');
    // Refuses to start (EncryptionKeysRequiredError, EncryptionKeysMismatchError) rather than
    // run with keys that cannot read what the other processes wrote.
    const { keyring, generated } = await openCheckedKeyring(sql, config);
    if (generated) {
      logger.warn(
        { file: relative(process.cwd(), config.dataDir) + '/encryption-keys' },
        'generated an encryption key; set CALSYNC_ENCRYPTION_KEYS in production',
      );
    }
    await bindEnvelopesAtStartUp({ sql, keyring }, config.unboundEnvelopes, logger);
    const registration = await startProcessRegistration(sql, {
      role: config.role,
      version: serverVersion(),
      keyIds: keyring.keys.map((k) => k.id),
      logger,
    });
    cleanups.push(() => registration.stop());
    const runsWorkers = config.role !== 'api';
    const boss: PgBoss = await startJobQueue({
      databaseUrl: db.url,
      role: config.role,
      poolMax: scaling.queuePoolMax,
      onError: (err) => logger.error({ err }, 'job queue error'),
    });
    let queueRunning = true;
    boss.on('stopped', () => (queueRunning = false));
    cleanups.push(async () => {
      queueRunning = false;
      // No new jobs; running ones get the shutdown timeout, then are failed and retried elsewhere.
      await boss.stop({ graceful: true, timeout: config.shutdownTimeoutMs, close: true });
    });
    const readiness: ReadinessCheck[] = [
      () => (stopping ? 'stopping' : undefined),
      () => (queueRunning ? undefined : 'job queue stopped'),
    ];
    if (runsWorkers) {
      readiness.push(() => {
        const workers = boss.getWipData();
        if (workers.length === 0) return 'no queue is being worked';
        const working = workers.some((w) => w.state === 'created' || w.state === 'active');
        return working ? undefined : 'workers stopping';
      });
    }
    await registerHousekeeping(boss, sql, { runsWorkers });
    // Only a process serving HTTP (the demo page's backend) uses the dev tenant; workers of a split
    // deployment starting side by side would each make one.
    const devTenant =
      config.sandbox && config.role !== 'worker'
        ? await ensureDevTenant(sql, config.dataDir)
        : undefined;

    // Known once the port is bound (PORT=0 picks a free one).
    let baseUrl = config.baseUrl;
    const jobs = pgBossSender(boss);
    const ctx: ServerContext = {
      sql,
      keyring,
      logger,
      now: () => new Date(),
      jobs,
      get baseUrl() {
        return baseUrl;
      },
      corsOrigins: config.corsOrigins,
      oauthRedirectUris: config.oauthRedirectUris,
      sync: composeHooks(createSyncHooks(jobs), createVideoHooks(jobs)),
    };
    // Providers are set up before the jobs that need them; their webhooks reach the runtime later.
    const runtimeRef: { current?: SyncRuntime } = {};
    // The shared sandbox at CALSYNC_SANDBOX_URL, else this process's own at /sandbox.
    const sandboxBaseUrl = () =>
      config.sandbox ? (config.sandboxUrl ?? `${baseUrl}/sandbox`) : undefined;
    // Every request on a user's behalf (connect, OAuth exchange, sync, webhooks) goes through one
    // guarded fetch: public addresses only unless allowed, a timeout, a cap on answer sizes.
    const addressPolicy = config.sandbox
      ? ANY_ADDRESS
      : createAddressPolicy(config.allowPrivateNetworks);
    const guardedFetch = createGuardedFetch({
      policy: addressPolicy,
      timeoutMs: config.providerTimeoutMs,
      maxResponseBytes: config.maxResponseBytes,
      onUnreachable: (details) => logger.debug(details, 'provider server not reached'),
    });
    // Provider quotas and API budgets held in Postgres, the same for every process.
    const sharedLimits = new SharedLimits(sql);
    const providers = setUpProviders(config, {
      sandboxBaseUrl,
      fetch: guardedFetch,
      now: ctx.now,
      ctx,
      sync: () => runtimeRef.current,
      sharedLimits,
    });
    const sync = await registerSyncJobs(ctx, boss, providers.registry, {
      runsWorkers,
      providerTimeoutMs: config.providerTimeoutMs,
      maxImportedEventsPerConnection: config.maxImportedEventsPerConnection,
      maxResponseBytes: config.maxResponseBytes,
      fetch: guardedFetch,
      concurrency: { pull: scaling.pullConcurrency, push: scaling.pushConcurrency },
    });
    runtimeRef.current = sync;
    const video = await registerVideoJobs(sync, {
      zoom: zoomProviderFor({
        credentials: config.zoom,
        sandboxBaseUrl,
        fetch: (input, init) => fetch(input, init),
        now: ctx.now,
      }),
    });
    await registerWebhookDelivery(boss, ctx, {
      runsWorkers,
      addressPolicy,
    });
    await registerErasedConnectionCleanup(boss, { runsWorkers });
    if (runsWorkers) {
      const dispatcher = await startWebhookDispatcher(ctx);
      cleanups.push(() => dispatcher.stop());
    }

    // CALSYNC_LISTEN_HOST, for the API and a worker's health server alike; loopback only in
    // sandbox mode (the sandbox auto-consents to OAuth and hands out tokens; config.ts refuses more).
    const hostname = scaling.listenHost;
    if (config.role === 'worker') {
      let opsPort: number | undefined;
      if (config.workerHttpPort !== undefined) {
        const ops = await listen(createOpsApp(ctx, readiness), config.workerHttpPort, hostname);
        opsPort = ops.port;
        cleanups.push(() => closeServerGracefully(ops.server, config.shutdownTimeoutMs));
      }
      return {
        baseUrl: undefined,
        apiUrl: undefined,
        demoUrl: undefined,
        elements: undefined,
        port: undefined,
        opsPort,
        devTenant,
        notes: providers.notes,
        stop,
      };
    }
    const services: Parameters<typeof createApp>[1] & VideoServices = {
      sync,
      video,
      connectors: providers.connectors,
      publicRoutes: providers.publicRoutes,
      webhookRateLimit: config.webhookRateLimit,
      trustedProxies: TrustedProxies.parse(config.trustedProxies.join(',')),
      rateLimitStores: sharedRateLimitStores(sharedLimits),
      addressPolicy,
      readiness,
    };
    const app = createApp(ctx, services);
    let sandbox: Sandbox | undefined;
    if (config.sandbox && config.sandboxUrl === undefined) {
      sandbox = createSandbox({
        publicBaseUrl: () => baseUrl,
        ...(config.sandboxLatencyMs === undefined ? {} : { latencyMs: config.sandboxLatencyMs }),
      });
      cleanups.push(async () => sandbox?.close());
      app.route('/sandbox', sandbox.app);
      // CalDAV clients look for the service at the host root (RFC 6764).
      app.all('/.well-known/caldav', (c) => c.redirect('/sandbox/caldav/', 301));
    }
    // The elements as one module for a script tag, from the installed @calsync/elements.
    const elementsAssets = loadElementsAssets();
    if (elementsAssets) app.route('/elements', elementsRoutes(elementsAssets));
    else logger.warn('@calsync/elements is not built: /elements/ serves nothing');
    const demoRoot = relative(process.cwd(), demoAssetsDir()) || '.';
    app.use('/demo', demoPageHeaders());
    app.use('/demo/*', demoPageHeaders());
    app.get('/demo', (c) => c.redirect('/demo/'));
    if (devTenant) {
      app.route('/demo', demoBackend({ baseUrl: () => baseUrl, secretKey: devTenant.secret_key }));
    }
    app.use(
      '/demo/*',
      serveStatic({ root: demoRoot, rewriteRequestPath: (p) => p.replace(/^\/demo/, '') }),
    );
    // CALSYNC_LISTEN_HOST; loopback only in sandbox mode (config.ts refuses anything else there).
    const { server, port } = await listen(app, config.port, hostname);
    // Stopped first (cleanups run last-in first-out): the listener, open streams, in-flight requests.
    cleanups.push(() =>
      closeServerGracefully(server, config.shutdownTimeoutMs, () => closeStreams(sql)),
    );
    if (config.baseUrlFromPort) baseUrl = `http://127.0.0.1:${port}`;
    return {
      baseUrl,
      apiUrl: `${baseUrl}/api/v1`,
      demoUrl: `${baseUrl}/demo/`,
      elements: elementsAssets && {
        url: `${baseUrl}/elements/${elementsAssets.version}/calsync-elements.js`,
        integrity: elementsAssets.integrity,
      },
      port,
      opsPort: undefined,
      devTenant,
      notes: providers.notes,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

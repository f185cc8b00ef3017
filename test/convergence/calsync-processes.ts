import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { PROVIDER_TIMEOUT_MS } from './faults.js';
import { fileURLToPath } from 'node:url';

/** One Calsync process (`CALSYNC_ROLE=api` or `worker`) started from the built server. */
export interface CalsyncProcess {
  readonly role: 'api' | 'worker';
  readonly pid: number | undefined;
  /** Resolves with the signal or exit code once the process is gone. */
  readonly exited: Promise<string>;
  /** The last lines it wrote (stdout and stderr), for failure reports. */
  output(): string[];
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), then waits for the exit. */
  stop(): Promise<void>;
}

/** What both processes share: the database, the public URL, the sandbox and the keys. */
export interface CalsyncProcessEnv {
  databaseUrl: string;
  port: number;
  sandboxUrl: string;
  dataDir: string;
  encryptionKeys: string;
}

const OUTPUT_LINES = 200;
const START_TIMEOUT_MS = 60_000;

/** The built server process of `@calsync/server-app` (what `npm start` runs). */
const MAIN_SCRIPT = fileURLToPath(new URL('../../apps/server/dist/main.js', import.meta.url));

/** Every line the processes write is appended here too when set. */
const LOG_FILE = process.env.CALSYNC_CONVERGENCE_LOG_FILE;

/**
 * Starts `node dist/main.js` of `@calsync/server-app` with the given role and waits until it
 * prints its start-up banner (an `api` process is then serving HTTP).
 */
export async function startCalsyncProcess(
  role: 'api' | 'worker',
  env: CalsyncProcessEnv,
): Promise<CalsyncProcess> {
  const child: ChildProcess = spawn(process.execPath, [MAIN_SCRIPT], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: env.databaseUrl,
      PORT: String(env.port),
      CALSYNC_BASE_URL: `http://127.0.0.1:${env.port}`,
      CALSYNC_SANDBOX_URL: env.sandboxUrl,
      CALSYNC_DATA_DIR: env.dataDir,
      CALSYNC_ENCRYPTION_KEYS: env.encryptionKeys,
      CALSYNC_ROLE: role,
      // Several workers share this machine: none listens for health checks.
      CALSYNC_WORKER_HTTP_PORT: '0',
      CALSYNC_PROVIDER_TIMEOUT_MS: String(PROVIDER_TIMEOUT_MS),
      // CALSYNC_CONVERGENCE_LOG_LEVEL=debug (with _FILE) to see everything the processes did.
      CALSYNC_LOG_LEVEL: process.env.CALSYNC_CONVERGENCE_LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let banner: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    banner = resolve;
  });
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(`[${role}] ${line}`);
      if (LOG_FILE) appendFileSync(LOG_FILE, `[${role}] ${line}\n`);
      if (lines.length > OUTPUT_LINES) lines.shift();
      // The human banner, or the JSON line that stands for it off a terminal.
      if (line.startsWith('Calsync is running') || line.includes('"msg":"Calsync is running"')) {
        banner();
      }
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`));
  });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready'),
    exited.then((how) => `exited (${how})`),
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), START_TIMEOUT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(`the ${role} process did not start: ${outcome}\n${lines.join('\n')}`);
  }
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    role,
    pid: child.pid,
    exited,
    output: () => [...lines],
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

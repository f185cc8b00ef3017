import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One running CalDAV server started for tests. */
export interface TestCalDAVServer {
  readonly kind: 'radicale' | 'xandikos';
  /** Base URL, e.g. `http://127.0.0.1:40123/`. */
  readonly serverUrl: string;
  /** The URL of a calendar collection that exists when the server is up (Xandikos), else `null`. */
  readonly defaultCalendarUrl: string | null;
  /** Users with passwords accepted by the server (Radicale htpasswd); empty when any user is. */
  readonly users: Readonly<Record<string, string>>;
  /**
   * Stores raw bytes as a calendar object, bypassing the server's validation where it has one
   * (Radicale refuses broken data on PUT, so the file is written into its storage folder).
   * Returns the object's URL.
   */
  plantRaw(calendarUrl: string, name: string, text: string, auth: string): Promise<string>;
  /** Kills the process and removes its data directory. */
  stop(): Promise<void>;
}

/** Options of {@link startRadicale}. */
export interface StartRadicaleOptions {
  /** Plain htpasswd users; none means `auth type = none` (any user, any password). */
  readonly users?: Readonly<Record<string, string>>;
  /** Radicale executable (default `/usr/bin/radicale`, which runs Debian's python3). */
  readonly executable?: string;
  readonly readyTimeoutMs?: number;
}

/** Options of {@link startXandikos}. */
export interface StartXandikosOptions {
  readonly executable?: string;
  readonly readyTimeoutMs?: number;
}

const DEFAULT_READY_TIMEOUT_MS = 15_000;

/**
 * Starts Radicale on a free loopback port with a temporary storage folder and its own config
 * (Debian's default config uses remote_user auth, which tests cannot use).
 *
 * @example
 * const radicale = await startRadicale({ users: { alice: 'secret' } });
 * // … connectCalDAV({ serverUrl: radicale.serverUrl, username: 'alice', password: 'secret' })
 * await radicale.stop();
 */
export async function startRadicale(options: StartRadicaleOptions = {}): Promise<TestCalDAVServer> {
  const dir = await mkdtemp(join(tmpdir(), 'calsync-radicale-'));
  const port = await freePort();
  const users = options.users ?? {};
  const auth =
    Object.keys(users).length > 0
      ? `type = htpasswd\nhtpasswd_filename = ${join(dir, 'users')}\nhtpasswd_encryption = plain\ndelay = 0`
      : 'type = none';
  await writeFile(
    join(dir, 'users'),
    Object.entries(users)
      .map(([user, password]) => `${user}:${password}\n`)
      .join(''),
  );
  const config = [
    '[server]',
    `hosts = 127.0.0.1:${port}`,
    '[auth]',
    auth,
    '[rights]',
    'type = owner_only',
    '[storage]',
    `filesystem_folder = ${join(dir, 'collections')}`,
    '[logging]',
    'level = warning',
    'mask_passwords = True',
    '[web]',
    'type = none',
  ].join('\n');
  await writeFile(join(dir, 'radicale.conf'), `${config}\n`);
  const child = spawn(
    options.executable ?? '/usr/bin/radicale',
    ['--config', join(dir, 'radicale.conf')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return ready('radicale', child, dir, port, null, users, options.readyTimeoutMs);
}

/**
 * Starts Xandikos (no authentication) on a free loopback port with `--defaults`, which creates
 * `/user/calendars/calendar/`.
 *
 * @example
 * const xandikos = await startXandikos();
 * await xandikos.stop();
 */
export async function startXandikos(options: StartXandikosOptions = {}): Promise<TestCalDAVServer> {
  const dir = await mkdtemp(join(tmpdir(), 'calsync-xandikos-'));
  const port = await freePort();
  const child = spawn(
    options.executable ?? '/usr/bin/xandikos',
    ['-d', dir, '--defaults', '-l', '127.0.0.1', '-p', String(port)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const calendarUrl = `http://127.0.0.1:${port}/user/calendars/calendar/`;
  return ready('xandikos', child, dir, port, calendarUrl, {}, options.readyTimeoutMs);
}

async function ready(
  kind: TestCalDAVServer['kind'],
  child: ChildProcess,
  dir: string,
  port: number,
  defaultCalendarUrl: string | null,
  users: Readonly<Record<string, string>>,
  timeoutMs = DEFAULT_READY_TIMEOUT_MS,
): Promise<TestCalDAVServer> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const stop = async (): Promise<void> => {
    if (!exited) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([gone, delay(3000).then(() => child.kill('SIGKILL'))]);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`${kind} did not start on port ${port}: ${stderr.trim() || 'no output'}`);
    }
    await delay(50);
  }
  const plantRaw = async (
    calendarUrl: string,
    name: string,
    text: string,
    auth: string,
  ): Promise<string> => {
    const url = new URL(name, calendarUrl).toString();
    if (kind === 'radicale') {
      await writeFile(
        join(dir, 'collections', 'collection-root', decodeURIComponent(new URL(url).pathname)),
        text,
      );
      return url;
    }
    const response = await fetch(url, {
      method: 'PUT',
      headers: { authorization: auth, 'content-type': 'text/calendar' },
      body: text,
    });
    if (response.status >= 300) throw new Error(`PUT ${url} answered ${response.status}`);
    return url;
  };
  return {
    kind,
    serverUrl: `http://127.0.0.1:${port}/`,
    defaultCalendarUrl,
    users,
    plantRaw,
    stop,
  };
}

function freePort(): Promise<number> {
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

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

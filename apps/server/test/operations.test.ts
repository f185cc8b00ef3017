import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  findFreePort,
  startEmbeddedPostgres,
  startJobQueue,
  type EmbeddedPostgresHandle,
} from '@calsync/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;
const ENCRYPTION_KEYS = `k1:${randomBytes(32).toString('base64')}`;

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once a JSON log line on stdout satisfies `match`. */
  line(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, CALSYNC_LOG_LEVEL: 'info', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: {
    match: (l: Record<string, unknown>) => boolean;
    done: (l: Record<string, unknown>) => void;
  }[] = [];
  const parsed = (): Record<string, unknown>[] =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const check = () => {
    for (const waiter of [...waiters]) {
      const found = parsed().find(waiter.match);
      if (found) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.done(found);
      }
    }
  };
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.endsWith('\n')) check();
  });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    line: (match) =>
      Promise.race([
        new Promise<Record<string, unknown>>((done) => {
          waiters.push({ match, done });
          check();
        }),
        exited.then((code) => {
          throw new Error(`exited with ${code} before the line: ${stdout}${stderr}`);
        }),
      ]),
  };
}

const banner = (l: Record<string, unknown>) => l.msg === 'Calsync is running';

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never happened: ${what}`);
}

/** Whether a new TCP connection to `port` is refused. */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

async function status(url: string, init?: RequestInit): Promise<number> {
  return (await fetch(url, init)).status;
}

describe('a split deployment on a standalone Postgres', () => {
  let pgDir: string;
  let pgPort: number;
  let pg: EmbeddedPostgresHandle;
  let databaseUrl: string;
  const dirs: string[] = [];
  const procs: Proc[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'calsync-ops-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (env: Record<string, string>) => {
    const proc = run({
      DATABASE_URL: databaseUrl,
      CALSYNC_SANDBOX: '1',
      CALSYNC_ENCRYPTION_KEYS: ENCRYPTION_KEYS,
      CALSYNC_DATA_DIR: await dataDir(),
      ...env,
    });
    procs.push(proc);
    return proc;
  };

  beforeAll(async () => {
    pgDir = await mkdtemp(join(tmpdir(), 'calsync-ops-pg-'));
    pgPort = await findFreePort();
    pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    await pg.createDatabase('calsync');
    databaseUrl = pg.databaseUrl('calsync');
  });
  afterAll(async () => {
    for (const proc of procs) if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    await pg.stop();
    for (const dir of [pgDir, ...dirs]) await rm(dir, { recursive: true, force: true });
  });

  it('serves health and metrics on every process, answers 503 through an outage, recovers, and stops gracefully', async () => {
    const api = await start({ CALSYNC_ROLE: 'api' });
    const apiBanner = await api.line(banner);
    const apiUrl = String(apiBanner.api_url);
    const base = apiUrl.replace(/\/api\/v1$/, '');
    const opsPort = await findFreePort();
    const worker = await start({
      CALSYNC_ROLE: 'worker',
      CALSYNC_WORKER_HTTP_PORT: String(opsPort),
    });
    expect(await worker.line(banner)).toMatchObject({ role: 'worker', ops_port: opsPort });
    const ops = `http://127.0.0.1:${opsPort}`;
    // Off a terminal every stdout line is JSON with an ISO time, the banner included.
    for (const line of worker.stdout().trim().split('\n')) {
      expect(JSON.parse(line)).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    }

    expect(await status(`${ops}/healthz`)).toBe(200);
    expect(await (await fetch(`${ops}/readyz`)).json()).toEqual({ status: 'ready' });
    expect(await status(`${base}/readyz`)).toBe(200);
    const devTenant = apiBanner.dev_tenant as { file: string };
    const secret = (JSON.parse(readFileSync(devTenant.file, 'utf8')) as { secret_key: string })
      .secret_key;
    const auth = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const minted = await fetch(`${apiUrl}/sessions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ user_id: 'ada' }),
    });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    const asAda = { authorization: `Bearer ${token}` };
    expect(await status(`${apiUrl}/appointments`, { headers: asAda })).toBe(200);

    // The worker's metrics: Node's own, and the queues read from pg-boss at scrape time.
    const scrape = async () => (await fetch(`${ops}/metrics`)).text();
    const before = await scrape();
    expect(before).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(before).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(before).toContain('calsync_database_up 1');
    expect(before).not.toContain('queue="ops-probe"');
    const boss = await startJobQueue({ databaseUrl, role: 'api' });
    await boss.createQueue('ops-probe');
    await boss.send('ops-probe', {});
    await boss.send('ops-probe', {});
    await boss.stop({ graceful: false, close: true });
    const after = await scrape();
    expect(after).toContain('calsync_queue_depth{queue="ops-probe",state="created"} 2');
    expect(after).toMatch(/^calsync_queue_oldest_waiting_seconds\{queue="ops-probe"\} [\d.e-]+$/m);
    // The access log: one line per request, without the query string.
    await fetch(`${apiUrl}/appointments?token=not-logged`, { headers: asAda });
    const access = await api.line((l) => l.msg === 'request' && l.path === '/api/v1/appointments');
    expect(access).toMatchObject({ method: 'GET', status: 200, request_id: expect.any(String) });
    expect(api.stdout()).not.toContain('not-logged');
    expect(api.stdout()).not.toContain(secret);
    expect(api.stdout()).not.toContain(token);

    // The database goes away under running processes.
    await pg.stop();
    const read = await fetch(`${apiUrl}/appointments`, { headers: asAda });
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('5');
    expect(await read.json()).toMatchObject({ error: { code: 'database_unavailable' } });
    const write = await fetch(`${apiUrl}/sessions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ user_id: 'ada' }),
    });
    expect(write.status).toBe(503);
    expect(await write.json()).toMatchObject({ error: { code: 'database_unavailable' } });
    expect(await status(`${base}/readyz`)).toBe(503);
    expect(await status(`${ops}/readyz`)).toBe(503);
    expect(await scrape()).toContain('calsync_database_up 0');

    // A process started now waits for the database, logging each attempt; one that may wait
    // only briefly gives up with exit code 1 and one line.
    const impatient = await start({
      CALSYNC_ROLE: 'worker',
      CALSYNC_WORKER_HTTP_PORT: '0',
      CALSYNC_DATABASE_WAIT_MS: '600',
    });
    expect(await impatient.exited).toBe(1);
    expect(impatient.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(
        /^calsync: failed to start: the database was not reachable after \d+ attempts/,
      ),
    ]);
    expect(impatient.stdout()).toContain('database not reachable yet; retrying');
    const waitingPort = await findFreePort();
    const waiting = await start({
      CALSYNC_ROLE: 'worker',
      CALSYNC_WORKER_HTTP_PORT: String(waitingPort),
    });
    const attempt = await waiting.line((l) => l.msg === 'database not reachable yet; retrying');
    expect(attempt).toMatchObject({ attempt: 1, retry_in_ms: expect.any(Number) });
    expect(JSON.stringify(attempt)).not.toContain(databaseUrl);

    pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    await until('the API is ready again', async () => (await status(`${base}/readyz`)) === 200);
    await until('the worker is ready again', async () => (await status(`${ops}/readyz`)) === 200);
    expect(await status(`${apiUrl}/appointments`, { headers: asAda })).toBe(200);
    await waiting.line(banner);
    await until(
      'the waiting worker is ready',
      async () => (await status(`http://127.0.0.1:${waitingPort}/readyz`)) === 200,
    );

    // SIGTERM with a request in flight: its body arrives after the signal and it is answered;
    // a new connection is refused; the process exits 0.
    const port = Number(new URL(base).port);
    const inFlight = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/sessions',
      agent: false,
      headers: { ...auth, expect: '100-continue', 'content-length': '17' },
    });
    const answered = new Promise<number>((resolve, reject) => {
      inFlight.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      inFlight.on('error', reject);
    });
    await new Promise<void>((resolve) => inFlight.on('continue', () => resolve()));
    api.child.kill('SIGTERM');
    await api.line((l) => l.msg === 'stopping');
    await until('new connections are refused', () => refused(port));
    inFlight.end('{"user_id":"ada"}');
    expect(await answered).toBe(201);
    expect(await api.exited).toBe(0);

    worker.child.kill('SIGTERM');
    waiting.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(await waiting.exited).toBe(0);
    await expect(fetch(`${ops}/healthz`)).rejects.toThrow();
  }, 180_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@calsync/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  output: () => string;
  port: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postgresPid(dataDir: string): number {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  return Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts the server and resolves once it prints that it is running. */
function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      CALSYNC_LOG_LEVEL: 'warn',
      CALSYNC_LOG_FORMAT: 'pretty',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /API: +http:\/\/127\.0\.0\.1:(\d+)\/api\/v1/.exec(output);
      if (match && output.includes('Press Ctrl+C')) {
        child.stdout?.off('data', onData);
        resolve({ child, output: () => output, port: Number(match[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return waitForExit(child).then((code) => ({ code, out }));
}

// Each test starts real processes (and, in the first block, an embedded Postgres from initdb): tens
// of seconds on a busy machine. The tests are about what the processes do, not how fast.
const PROCESS_TEST_TIMEOUT_MS = 180_000;

describe('the server process on embedded Postgres', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'calsync-start-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('starts, serves /readyz, writes the dev tenant, and leaves nothing behind on SIGTERM', async () => {
    const env = { CALSYNC_DATA_DIR: dataDir, CALSYNC_SANDBOX: '1' };
    const server = await startServer(env);
    const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(server.output()).toContain('(new)');
    const devTenant = JSON.parse(readFileSync(join(dataDir, 'dev-tenant.json'), 'utf8'));
    // The demo page's backend mints a session token for its visitor with the dev tenant's key.
    const demoSession = await fetch(`http://127.0.0.1:${server.port}/demo/api/session`, {
      method: 'POST',
    });
    expect(demoSession.status).toBe(200);
    const { token } = (await demoSession.json()) as { token: string };
    expect(token).toMatch(/^cst_/);
    // The demo page and the OAuth callback page carry their security headers.
    const demoPage = await fetch(`http://127.0.0.1:${server.port}/demo/`);
    expect(demoPage.status).toBe(200);
    expect(await demoPage.text()).toContain('<calsync-connect-button');
    const demoPolicy = demoPage.headers.get('content-security-policy') ?? '';
    expect(demoPolicy).toContain("frame-ancestors 'none'");
    expect(demoPolicy).toContain("script-src 'self'");
    expect(demoPolicy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(demoPage.headers.get('x-content-type-options')).toBe('nosniff');
    expect(demoPage.headers.get('referrer-policy')).toBe('no-referrer');
    // The banner prints the elements' script tag; the process serves what it names.
    const tag =
      /<script type="module" src="([^"]+)"\s+integrity="(sha384-[^"]+)" crossorigin="anonymous"><\/script>/.exec(
        server.output(),
      );
    expect(tag, 'the script tag in the start banner').not.toBeNull();
    expect(tag![1]).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/elements/[^/]+/calsync-elements\\.js$`),
    );
    const script = await fetch(tag![1]!);
    expect(script.status).toBe(200);
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const scriptDigest = createHash('sha384')
      .update(new Uint8Array(await script.arrayBuffer()))
      .digest('base64');
    expect(`sha384-${scriptDigest}`).toBe(tag![2]);
    const callbackPage = await fetch(
      `http://127.0.0.1:${server.port}/api/v1/calendar-integrations/google/callback?error=%3Cscript%3E`,
    );
    expect(callbackPage.status).toBe(400);
    expect(await callbackPage.text()).not.toContain('<script>alert');
    expect(callbackPage.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(callbackPage.headers.get('referrer-policy')).toBe('no-referrer');
    expect(callbackPage.headers.get('x-content-type-options')).toBe('nosniff');
    const asVisitor = await fetch(`http://127.0.0.1:${server.port}/api/v1/appointments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asVisitor.status).toBe(200);
    expect(devTenant.secret_key).toMatch(/^sk_/);
    const pgPid = postgresPid(dataDir);
    expect(isAlive(pgPid)).toBe(true);

    const created = await runCli(['tenants', 'create', 'Acme'], env);
    expect(created.code).toBe(0);
    const tenantId = JSON.parse(created.out.split('\n')[0]!).tenant_id as string;
    const key = await runCli(['keys', 'create', tenantId, 'backend'], env);
    expect(key.code).toBe(0);
    const { key_id: keyId, secret_key: secretKey } = JSON.parse(key.out.split('\n')[0]!) as {
      key_id: string;
      secret_key: string;
    };
    // A session the running server mints with the key dies with it, revoked by another process.
    const api = `http://127.0.0.1:${server.port}/api/v1`;
    const minted = await fetch(`${api}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'ada' }),
    });
    const { token: adaToken } = (await minted.json()) as { token: string };
    const asAda = () =>
      fetch(`${api}/appointments`, { headers: { authorization: `Bearer ${adaToken}` } });
    expect((await asAda()).status).toBe(200);
    const revoked = await runCli(['keys', 'revoke', keyId], env);
    expect(revoked).toEqual({ code: 0, out: `revoked ${keyId} and 1 session(s)\n` });
    expect((await asAda()).status).toBe(401);
    expect((await runCli(['keys', 'revoke', keyId], env)).code).toBe(1);
    expect((await runCli(['keys', 'create', 'not-a-uuid'], env)).code).toBe(2);
    const rotated = await runCli(['keys', 'rotate-encryption', '--batch-size', '50'], env);
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.out)).toHaveProperty(['connections.credentials', 'failed'], 0);
    expect((await runCli(['connections', 'cursors', 'nope'], env)).code).toBe(2);
    const missing = await runCli(['attempts', 'list', '00000000-0000-4000-8000-000000000000'], env);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('no integration');
    expect((await runCli(['help'], env)).out).toContain('connections resync');

    server.child.kill('SIGTERM');
    expect(await waitForExit(server.child)).toBe(0);
    expect(isAlive(pgPid)).toBe(false);
    expect(existsSync(join(dataDir, 'postgres.runtime.json'))).toBe(false);

    const again = await startServer(env);
    expect(again.output()).not.toContain('(new)');
    const listed = await runCli(['tenants', 'list'], env);
    expect(listed.out).toContain('Acme');
    expect(JSON.parse(readFileSync(join(dataDir, 'dev-tenant.json'), 'utf8'))).toEqual(devTenant);
    again.child.kill('SIGINT');
    expect(await waitForExit(again.child)).toBe(0);
  });

  it('recovers a data dir whose previous server was killed outright', async () => {
    const env = { CALSYNC_DATA_DIR: dataDir, CALSYNC_SANDBOX: '1' };
    const first = await startServer(env);
    const orphanPid = postgresPid(dataDir);
    first.child.kill('SIGKILL');
    await waitForExit(first.child);
    expect(isAlive(orphanPid)).toBe(true);
    const second = await startServer(env);
    expect(isAlive(orphanPid)).toBe(false);
    expect((await fetch(`http://127.0.0.1:${second.port}/readyz`)).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await waitForExit(second.child)).toBe(0);
  });
});

describe('the server process on an external database', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('uses DATABASE_URL and starts no Postgres of its own', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'calsync-ext-'));
    const server = await startServer({ DATABASE_URL: db.url, CALSYNC_DATA_DIR: dataDir });
    expect((await fetch(`http://127.0.0.1:${server.port}/readyz`)).status).toBe(200);
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
    server.child.kill('SIGTERM');
    expect(await waitForExit(server.child)).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers a CalDAV connect to a tarpit within CALSYNC_PROVIDER_TIMEOUT_MS and refuses private webhook targets', async () => {
    const sockets: Socket[] = [];
    const tarpit = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', resolve));
    const tarpitPort = (tarpit.address() as AddressInfo).port;
    const dataDir = await mkdtemp(join(tmpdir(), 'calsync-tarpit-'));
    const env = { DATABASE_URL: db.url, CALSYNC_DATA_DIR: dataDir };
    const server = await startServer({
      ...env,
      CALSYNC_PROVIDER_TIMEOUT_MS: '300',
      CALSYNC_ALLOW_PRIVATE_NETWORKS: '127.0.0.1',
    });
    try {
      const created = await runCli(['tenants', 'create', 'Tarpit'], env);
      const tenantId = JSON.parse(created.out.split('\n')[0]!).tenant_id as string;
      const key = await runCli(['keys', 'create', tenantId, 'backend'], env);
      const secret = JSON.parse(key.out.split('\n')[0]!).secret_key as string;
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`http://127.0.0.1:${server.port}/api/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
      };
      const connect = await post('/calendar-integrations', {
        provider: 'caldav',
        user_id: 'u1',
        server_url: `http://127.0.0.1:${tarpitPort}/`,
        username: 'ann',
        password: 'secret',
      });
      expect(connect).toEqual({
        status: 422,
        body: {
          error: {
            code: 'caldav_discovery_failed',
            message: 'CalDAV discovery failed: could not reach the server',
            details: { hint: expect.any(String) },
          },
        },
      });
      expect(sockets.length).toBeGreaterThan(0);
      const refused = await post('/webhook-endpoints', { url: 'http://127.0.0.2:9/hooks' });
      expect(refused.status).toBe(422);
      expect(refused.body.error?.code).toBe('webhook_url_not_allowed');
      expect((await post('/webhook-endpoints', { url: 'http://127.0.0.1:9/hooks' })).status).toBe(
        201,
      );
    } finally {
      server.child.kill('SIGTERM');
      await waitForExit(server.child);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tarpit.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('exits with code 2 and one line naming a bad variable', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, CALSYNC_ROLE: 'boss' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await waitForExit(child)).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'calsync: invalid configuration: CALSYNC_ROLE: must be all, api or worker, got "boss"',
    ]);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, type EmptyDatabase } from './support/empty-database.js';
import {
  runToEnd,
  spawnCollecting,
  stopProcess,
  waitForBanner,
  type Spawned,
} from './support/processes.js';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The doctor's lines by check name: `{ database: 'PASS  database  reachable…' }`. */
function linesByCheck(out: string): Record<string, string> {
  const lines: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^(PASS|WARN|FAIL) +(\S+)/.exec(line);
    if (match) lines[match[2]!] = line;
  }
  return lines;
}

describe('calsync doctor', () => {
  let database: EmptyDatabase;
  let dataDir: string;
  let server: Spawned | undefined;
  const keyA = `a1:${randomBytes(32).toString('base64')}`;
  const keyB = `b1:${randomBytes(32).toString('base64')}`;
  let base: Record<string, string>;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'calsync-doctor-'));
    base = {
      DATABASE_URL: database.url,
      CALSYNC_DATA_DIR: dataDir,
      CALSYNC_ENCRYPTION_KEYS: keyA,
      CALSYNC_LOG_LEVEL: 'warn',
    };
  }, 60_000);

  afterAll(async () => {
    await stopProcess(server);
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('fails on an unreachable database, naming it', async () => {
    const port = await closedPort();
    const doctor = await runToEnd(process.execPath, [CLI, 'doctor'], {
      ...base,
      DATABASE_URL: `postgres://calsync@127.0.0.1:${port}/calsync`,
    });
    expect(linesByCheck(doctor.out).database).toMatch(/^FAIL +database +not reachable/);
    expect(doctor.code).toBe(1);
  });

  it('fails on a database that is not migrated, naming what is missing', async () => {
    const doctor = await runToEnd(process.execPath, [CLI, 'doctor'], base);
    expect(linesByCheck(doctor.out).database).toMatch(/^PASS +database +reachable \(PostgreSQL/);
    expect(linesByCheck(doctor.out).migrations).toMatch(
      /^FAIL +migrations +\d+ of \d+ not applied \(1_initial_schema, .*run calsync migrate$/,
    );
    expect(doctor.code).toBe(1);
  });

  it('passes against a migrated database and a running sandbox process, with a warning for HTTP', async () => {
    expect((await runToEnd(process.execPath, [CLI, 'migrate'], base)).code).toBe(0);
    server = spawnCollecting(process.execPath, [MAIN], {
      ...base,
      CALSYNC_SANDBOX: '1',
      PORT: '0',
    });
    const { port } = await waitForBanner(server);
    const baseUrl = `http://127.0.0.1:${port}`;
    // One stored secret, encrypted with key A: a webhook endpoint's signing secret.
    const { secret_key } = JSON.parse(await readFile(join(dataDir, 'dev-tenant.json'), 'utf8')) as {
      secret_key: string;
    };
    const endpoint = await fetch(`${baseUrl}/api/v1/webhook-endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret_key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://hooks.example.com/calsync' }),
    });
    expect(endpoint.status).toBe(201);

    const env = { ...base, CALSYNC_SANDBOX: '1', CALSYNC_BASE_URL: baseUrl };
    const doctor = await runToEnd(process.execPath, [CLI, 'doctor'], env);
    const lines = linesByCheck(doctor.out);
    expect(lines.migrations).toMatch(/^PASS +migrations +all \d+ applied$/);
    expect(lines.keys).toMatch(/^PASS +keys +CALSYNC_ENCRYPTION_KEYS opens 1 sampled/);
    expect(lines['base-url']).toMatch(/^WARN +base-url +.*is not HTTPS.*sandbox mode only/);
    expect(lines['public-url']).toMatch(
      /^PASS +public-url +http:\/\/127\.0\.0\.1:\d+\/healthz answers 200$/,
    );
    expect(doctor.out).not.toContain(keyA.split(':')[1]);
    expect(doctor.code).toBe(0);
  }, 120_000);

  it('fails when the keys cannot open what is stored, naming the key id', async () => {
    const doctor = await runToEnd(process.execPath, [CLI, 'doctor'], {
      ...base,
      CALSYNC_SANDBOX: '1',
      CALSYNC_ENCRYPTION_KEYS: keyB,
    });
    expect(linesByCheck(doctor.out).keys).toMatch(
      /^FAIL +keys +CALSYNC_ENCRYPTION_KEYS cannot open stored secrets \(webhook_endpoints\.secret: 1 of 1; envelope key ids a1\)/,
    );
    expect(doctor.code).toBe(1);
  });

  it('outside sandbox mode: fails on plain HTTP, a wrong Google client id and an unreachable URL', async () => {
    const port = await closedPort();
    const doctor = await runToEnd(process.execPath, [CLI, 'doctor'], {
      ...base,
      CALSYNC_BASE_URL: `http://127.0.0.1:${port}`,
      GOOGLE_CLIENT_ID: 'calsync-prod',
      GOOGLE_CLIENT_SECRET: 'google-secret-never-printed',
      MICROSOFT_CLIENT_ID: '6731de76-14a6-49ae-97bc-6eba6914391e',
      MICROSOFT_CLIENT_SECRET: 'graph-secret-never-printed',
    });
    const lines = linesByCheck(doctor.out);
    expect(lines['base-url']).toMatch(/^FAIL +base-url +.*is not HTTPS/);
    expect(lines['google-client']).toMatch(/^FAIL +google-client +GOOGLE_CLIENT_ID must look like/);
    expect(lines['microsoft-client']).toMatch(/^PASS +microsoft-client/);
    expect(lines['public-url']).toMatch(/^FAIL +public-url +.*did not answer/);
    expect(doctor.out).not.toContain('secret-never-printed');
    expect(doctor.code).toBe(1);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTenant, Keyring, secretBinding } from '@calsync/server';
import { createTestDatabase, type TestDatabase } from '@calsync/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

const keyA = `a:${randomBytes(32).toString('base64')}`;
const keyB = `b:${randomBytes(32).toString('base64')}`;

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Every process a test started, so none outlives a failed test. */
const spawned: ChildProcess[] = [];

function run(script: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [script, ...args], {
    env: {
      ...process.env,
      CALSYNC_LOG_LEVEL: 'warn',
      // The human banner (read below), and no worker health port: workers run side by side.
      CALSYNC_LOG_FORMAT: 'pretty',
      CALSYNC_WORKER_HTTP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const finished = new Promise<Finished>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, finished, output: () => stdout + stderr };
}

/** Starts a worker process and resolves once it says it is running. */
async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const started = run(MAIN, [], { CALSYNC_ROLE: 'worker', ...env });
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (started.output().includes('Press Ctrl+C')) resolve();
    };
    started.child.stdout?.on('data', onData);
    void started.finished.then((f) =>
      reject(new Error(`worker exited with ${f.code}: ${f.stdout}${f.stderr}`)),
    );
  });
  return started.child;
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  return exited;
}

/**
 * Processes whose encryption keys cannot read what the database holds refuse to run, every live
 * process is in the registry with the ids of its keys, and key rotation refuses while one of them
 * lacks the new key.
 */
describe('encryption keys across processes (standalone Postgres, non-sandbox)', () => {
  let db: TestDatabase;
  let dataDir: string;
  let endpointId: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'calsync-keys-'));
    env = { DATABASE_URL: db.url, CALSYNC_DATA_DIR: dataDir, CALSYNC_SANDBOX: '0' };
    // A secret stored by a process holding key a (a disabled webhook endpoint's signing secret:
    // nothing is ever sent to it).
    const tenant = await createTenant(db.sql, 'Keys');
    endpointId = randomUUID();
    const envelope = Keyring.parse(keyA).encrypt(
      'whsec_test',
      secretBinding.webhookEndpointSecret(tenant.id, endpointId),
    );
    await db.sql`
      insert into webhook_endpoints (id, tenant_id, url, secret, enabled)
      values (${endpointId}, ${tenant.id}, 'http://127.0.0.1:9/hooks', ${envelope}, false)`;
  });
  afterAll(async () => {
    for (const child of spawned) await stop(child);
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function registry() {
    return db.sql<{ role: string; pid: number; key_ids: string[] }[]>`
      select role, pid, key_ids from process_registry order by started_at`;
  }

  async function storedKeyId() {
    const [row] = await db.sql<{ key_id: string }[]>`
      select split_part(secret, '.', 2) as key_id from webhook_endpoints where id = ${endpointId}`;
    return row?.key_id;
  }

  it('without CALSYNC_ENCRYPTION_KEYS: exit 2 and one line, and no key is generated', async () => {
    const result = await run(MAIN, [], { CALSYNC_ROLE: 'worker', ...env }).finished;
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'calsync: refusing to start: CALSYNC_ENCRYPTION_KEYS is not set but the database holds ' +
        'secrets encrypted with key id(s) a; set it to those keys',
    ]);
    expect(existsSync(join(dataDir, 'encryption-keys'))).toBe(false);
    expect(await registry()).toEqual([]);
  }, 120_000);

  it('with another key only: exit 2 and one line naming the key id it lacks, never a key', async () => {
    const result = await run(MAIN, [], {
      CALSYNC_ROLE: 'worker',
      CALSYNC_ENCRYPTION_KEYS: keyB,
      ...env,
    }).finished;
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      'calsync: refusing to start: CALSYNC_ENCRYPTION_KEYS lacks key id(s) a used by secrets ' +
        'stored in the database; give this process the same keys as the others',
    ]);
    // Other material under the same id is refused too.
    const sameId = `a:${randomBytes(32).toString('base64')}`;
    const wrong = await run(MAIN, [], {
      CALSYNC_ROLE: 'worker',
      CALSYNC_ENCRYPTION_KEYS: sameId,
      ...env,
    }).finished;
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('other key material under key id(s) a');
    expect(wrong.stderr).not.toContain(sameId.slice(2));
    // The CLI commands that decrypt check the same way.
    const cli = await run(CLI, ['keys', 'rotate-encryption'], {
      CALSYNC_ENCRYPTION_KEYS: keyB,
      ...env,
    }).finished;
    expect(cli.code).toBe(2);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli.stderr).toContain('lacks key id(s) a');
    expect(await storedKeyId()).toBe('a');
  }, 120_000);

  it('with key a it runs, registered with its key ids; a clean stop removes it', async () => {
    const worker = await startWorker({ CALSYNC_ENCRYPTION_KEYS: keyA, ...env });
    expect(await registry()).toEqual([{ role: 'worker', pid: worker.pid, key_ids: ['a'] }]);
    expect(await stop(worker)).toBe(0);
    expect(await registry()).toEqual([]);
  }, 120_000);

  it('rotation refuses while a live process lacks the new key; --force overrides', async () => {
    const old = await startWorker({ CALSYNC_ENCRYPTION_KEYS: keyA, ...env });
    const ready = await startWorker({ CALSYNC_ENCRYPTION_KEYS: `${keyA},${keyB}`, ...env });
    const rotating = { ...env, CALSYNC_ENCRYPTION_KEYS: `${keyB},${keyA}` };

    const refused = await run(CLI, ['keys', 'rotate-encryption'], rotating).finished;
    expect(refused.code).toBe(1);
    const lines = refused.stderr.trim().split('\n');
    expect(lines.filter((l) => l.includes('lacks key'))).toEqual([
      expect.stringMatching(
        new RegExp(`^calsync: worker process on \\S+ \\(pid ${old.pid}\\) lacks key b$`),
      ),
    ]);
    expect(refused.stderr).toContain('refusing to rotate');
    expect(await storedKeyId()).toBe('a');

    const forced = await run(CLI, ['keys', 'rotate-encryption', '--force'], rotating).finished;
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain(`(pid ${old.pid}) lacks key b`);
    expect(forced.stderr).toContain('rotating anyway');
    expect(await storedKeyId()).toBe('b');
    const audits = await db.sql<{ details: { key_id: string; lacking: { pid: number }[] } }[]>`
      select details from audit_entries where action = 'encryption.rotation_forced'`;
    expect(audits.map((a) => a.details)).toEqual([
      { key_id: 'b', lacking: [{ role: 'worker', host: expect.any(String), pid: old.pid }] },
    ]);

    // Once the process without the key is gone, rotation goes ahead without --force.
    expect(await stop(old)).toBe(0);
    const accepted = await run(CLI, ['keys', 'rotate-encryption'], rotating).finished;
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).not.toContain('lacks key');
    expect(await registry()).toEqual([{ role: 'worker', pid: ready.pid, key_ids: ['a', 'b'] }]);
  }, 120_000);
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandboxServer, type RunningSandboxServer } from '@calsync/sandbox';
import {
  createApiKey,
  createTenant,
  JOB_SCHEMA,
  PULL_QUEUE,
  PUSH_QUEUE,
  WORKER_LOST_MESSAGE,
} from '@calsync/server';
import { createTestDatabase, followSignIn, type TestDatabase } from '@calsync/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startCalsyncProcess,
  type CalsyncProcess,
  type CalsyncProcessEnv,
} from '../convergence/calsync-processes.js';
import { googleCalendar, type ExternalCalendar } from '../convergence/external-calendars.js';

/**
 * A self-hosted split deployment — one Postgres, one sandbox, one `api` and two `worker`
 * processes of the built server — whose workers are all SIGKILLed while a pull is in flight.
 * After the restart, the calendar must sync again within the requirement (90 s), the dead
 * attempts must be closed as failed and nothing may be imported twice.
 */
const RECOVERY_MS = 90_000;
/** Each of Calsync's Google requests takes this long while the kill is set up. */
const LATENCY_MS = 1_500;
/** Google paths the user's own edits take (`calendars/primary`); Calsync names calendars by id. */
const CALSYNC_GOOGLE_PATHS = /^(?!\/calendar\/v3\/calendars\/primary\/)/;

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

function hoursFromNow(hours: number): string {
  const at = new Date(Date.now() + hours * 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  return at.toISOString();
}

describe('every worker SIGKILLed in the middle of a pull', () => {
  let db: TestDatabase;
  let sandbox: RunningSandboxServer;
  let dataDir: string;
  let env: CalsyncProcessEnv;
  let api: CalsyncProcess;
  let workers: CalsyncProcess[] = [];
  const output: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandboxServer({ port: 0 });
    dataDir = await mkdtemp(join(tmpdir(), 'calsync-recover-'));
    env = {
      databaseUrl: db.url,
      port: await freePort(),
      sandboxUrl: sandbox.url,
      dataDir,
      encryptionKeys: `recover:${randomBytes(32).toString('base64')}`,
    };
    // The API process migrates the database before the workers start on it.
    api = await startCalsyncProcess('api', env);
    workers = [await startCalsyncProcess('worker', env), await startCalsyncProcess('worker', env)];
  }, 180_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await api?.stop();
    await sandbox?.close();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function call<T>(secretKey: string, method: string, path: string, body?: unknown) {
    const response = await fetch(`http://127.0.0.1:${env.port}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${secretKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** A fresh tenant and user connected to a sandbox Google account through OAuth. */
  async function connectGoogle(): Promise<{ connectionId: string; calendar: ExternalCalendar }> {
    const tenant = await createTenant(db.sql, 'recover');
    const { secret_key } = await createApiKey(db.sql, tenant.id);
    const email = `recover-${Date.now()}@example.com`;
    const calendar = await googleCalendar(sandbox.url, sandbox.sandbox.control, email);
    await calendar.create('Before one', hoursFromNow(48), hoursFromNow(49));
    await calendar.create('Before two', hoursFromNow(72), hoursFromNow(73));
    const { authorization_url } = await call<{ authorization_url: string }>(
      secret_key,
      'POST',
      '/calendar-integrations/google/authorize',
      { user_id: 'recover-user', login_hint: email },
    );
    const callback = await followSignIn(authorization_url);
    expect(callback.ok).toBe(true);
    const [connection] = await db.sql<{ id: string }[]>`
      select id from connections where tenant_id = ${tenant.id}`;
    return { connectionId: connection!.id, calendar };
  }

  const titlesOf = (connectionId: string) =>
    db.sql<{ title: string }[]>`
      select a.title from appointments a join connections c on c.user_id = a.user_id
      where c.id = ${connectionId} and a.deleted_at is null order by a.title`.then((rows) =>
      rows.map((r) => r.title),
    );

  const runningPulls = (connectionId: string) =>
    db.sql<{ id: string }[]>`
      select id from sync_attempts
      where connection_id = ${connectionId} and status = 'running'
        and operation in ('pull', 'full_resync')`.then((rows) => rows.map((r) => r.id));

  const openSyncJobs = () =>
    db.sql<{ n: number }[]>`
      select count(*)::int as n from ${db.sql(JOB_SCHEMA)}.job
      where name in (${PULL_QUEUE}, ${PUSH_QUEUE}) and state in ('created', 'retry', 'active')`.then(
      ([row]) => row?.n ?? 0,
    );

  it(
    'syncs the calendar again within 90 s of the restart, closing the dead attempts, with no duplicate',
    async () => {
      const { connectionId, calendar } = await connectGoogle();
      await expect
        .poll(() => titlesOf(connectionId), { timeout: 60_000, interval: 250 })
        .toEqual(['Before one', 'Before two']);
      await expect.poll(openSyncJobs, { timeout: 60_000, interval: 250 }).toBe(0);

      // Calsync's Google requests are slowed down, so a requested pull is surely in flight.
      await sandbox.sandbox.control.addFault({
        provider: 'google',
        pathPattern: CALSYNC_GOOGLE_PATHS,
        latencyMs: LATENCY_MS,
      });
      const [tenantKey] = await db.sql<{ tenant_id: string }[]>`
        select tenant_id from connections where id = ${connectionId}`;
      const { secret_key } = await createApiKey(db.sql, tenantKey!.tenant_id);
      await call(secret_key, 'POST', `/calendar-integrations/${connectionId}/sync`, {
        mode: 'full',
      });
      await expect
        .poll(async () => (await runningPulls(connectionId)).length, {
          timeout: 30_000,
          interval: 25,
        })
        .toBeGreaterThan(0);
      for (const worker of workers) {
        await worker.kill();
        output.push(...worker.output().slice(-20));
      }
      const dead = await runningPulls(connectionId);
      expect(dead.length).toBeGreaterThan(0);
      await sandbox.sandbox.control.clearFaults();

      workers = [
        await startCalsyncProcess('worker', env),
        await startCalsyncProcess('worker', env),
      ];
      const restartedAt = Date.now();
      await calendar.create('After the restart', hoursFromNow(96), hoursFromNow(97));

      const remaining = () => Math.max(1, RECOVERY_MS - (Date.now() - restartedAt));
      await expect
        .poll(() => titlesOf(connectionId), { timeout: remaining(), interval: 250 })
        .toEqual(['After the restart', 'Before one', 'Before two']);
      await expect
        .poll(
          () =>
            db.sql<{ status: string; error_message: string | null }[]>`
              select status, error_message from sync_attempts where id = any(${dead}::uuid[])`,
          { timeout: remaining(), interval: 250 },
        )
        .toEqual(dead.map(() => ({ status: 'fail', error_message: WORKER_LOST_MESSAGE })));
      // Each event once: nothing the dead pull had half done was imported again beside it.
      await expect.poll(openSyncJobs, { timeout: 60_000, interval: 250 }).toBe(0);
      expect(await titlesOf(connectionId)).toEqual([
        'After the restart',
        'Before one',
        'Before two',
      ]);
    },
    RECOVERY_MS + 240_000,
  );
});

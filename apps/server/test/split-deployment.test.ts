import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintDemoSession } from '@calsync/demo';
import { startSandboxServer, type RunningSandboxServer } from '@calsync/sandbox';
import { followSignIn } from '@calsync/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, type EmptyDatabase } from './support/empty-database.js';
import {
  eventually,
  runToEnd,
  spawnCollecting,
  stopProcess,
  waitForBanner,
  type Spawned,
} from './support/processes.js';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

interface Appointment {
  id: string;
  title: string;
  links: { provider_event_id: string; state: string }[];
}

describe('the split deployment recipe: one api, two workers, a shared sandbox', () => {
  let database: EmptyDatabase;
  let sandbox: RunningSandboxServer;
  let root: string;
  let env: Record<string, string>;
  const processes: Spawned[] = [];
  let apiPort: number;
  let integrationId: string;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    sandbox = await startSandboxServer({ port: 0 });
    root = await mkdtemp(join(tmpdir(), 'calsync-split-'));
    env = {
      DATABASE_URL: database.url,
      // A data dir that does not exist yet, as on a fresh host.
      CALSYNC_DATA_DIR: join(root, 'fresh', 'data'),
      CALSYNC_SANDBOX_URL: sandbox.url,
      CALSYNC_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      CALSYNC_LOG_LEVEL: 'warn',
      PORT: '0',
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => stopProcess(p)));
    await sandbox?.close();
    await database?.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('migrates, then starts an api and two workers that are all running', async () => {
    const migrated = await runToEnd(process.execPath, [CLI, 'migrate'], env);
    expect(migrated.out).toMatch(/^applied 1_initial_schema, /);
    expect(migrated.code).toBe(0);
    const api = spawnCollecting(process.execPath, [MAIN], { ...env, CALSYNC_ROLE: 'api' });
    const workers = [1, 2].map(() =>
      spawnCollecting(process.execPath, [MAIN], { ...env, CALSYNC_ROLE: 'worker' }),
    );
    processes.push(api, ...workers);
    const [apiStarted, ...workersStarted] = await Promise.all(
      [api, ...workers].map((p) => waitForBanner(p)),
    );
    expect(workersStarted.map((w) => w.port)).toEqual([undefined, undefined]);
    expect(workers.map((w) => w.output())).toEqual([
      expect.stringContaining('(role: worker)'),
      expect.stringContaining('(role: worker)'),
    ]);
    apiPort = apiStarted!.port!;
    const ready = await fetch(`http://127.0.0.1:${apiPort}/readyz`);
    expect(ready.status).toBe(200);
    // Only the api made the dev tenant, in the data dir it created.
    const devTenant = JSON.parse(
      readFileSync(join(env.CALSYNC_DATA_DIR!, 'dev-tenant.json'), 'utf8'),
    );
    expect(devTenant.secret_key).toMatch(/^sk_/);
    const tenants = await runToEnd(process.execPath, [CLI, 'tenants', 'list'], env);
    expect(tenants.out.trim().split('\n')).toHaveLength(1);
  }, 120_000);

  it('a sandbox Google connection pushes a booking and takes in a change made in Google', async () => {
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const { secret_key: secretKey } = JSON.parse(
      readFileSync(join(env.CALSYNC_DATA_DIR!, 'dev-tenant.json'), 'utf8'),
    ) as { secret_key: string };
    const control = await fetch(`${sandbox.url}/_control/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'google', email: 'ops@example.com' }),
    });
    expect(control.status).toBe(200);
    const account = (await control.json()) as { email: string; access_token: string };
    const session = await mintDemoSession({ baseUrl, secretKey, userId: 'split-recipe' });
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    };
    const { authorization_url } = await api<{ authorization_url: string }>(
      'POST',
      '/calendar-integrations/google/authorize',
      { login_hint: account.email },
    );
    expect((await followSignIn(authorization_url)).ok).toBe(true);
    const { data } = await api<{ data: { id: string }[] }>('GET', '/calendar-integrations');
    integrationId = data[0]!.id;

    // The api process runs no jobs: a worker pushes the booking to Google.
    const created = await api<Appointment>('POST', '/appointments', {
      host_ref: 'split-1',
      title: 'Onboarding',
      start: '2030-04-02T09:00:00Z',
      end: '2030-04-02T09:30:00Z',
      time_zone: 'UTC',
    });
    const eventId = await eventually(async () => {
      const appointment = await api<Appointment>('GET', `/appointments/${created.id}`);
      return appointment.links.find((l) => l.state === 'synced')?.provider_event_id;
    }, 'the booking to reach Google');

    // Renamed in Google itself; a worker pulls it in.
    const calendar = encodeURIComponent(account.email);
    const edited = await fetch(
      `${sandbox.url}/google/calendar/v3/calendars/${calendar}/events/${eventId}`,
      {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${account.access_token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ summary: 'Onboarding (moved by the client)' }),
      },
    );
    expect(edited.status).toBe(200);
    await api('POST', `/calendar-integrations/${integrationId}/sync`, {});
    const title = await eventually(async () => {
      const appointment = await api<Appointment>('GET', `/appointments/${created.id}`);
      return appointment.title === 'Onboarding' ? undefined : appointment.title;
    }, 'the change made in Google');
    expect(title).toBe('Onboarding (moved by the client)');
  }, 120_000);

  it('calsync doctor --round-trip creates, reads and deletes an event through the connection', async () => {
    const doctor = await runToEnd(
      process.execPath,
      [CLI, 'doctor', '--round-trip', integrationId],
      { ...env, CALSYNC_BASE_URL: `http://127.0.0.1:${apiPort}` },
    );
    expect(doctor.out).toMatch(
      /^PASS +round-trip +google: created, read and deleted an event on the destination calendar$/m,
    );
    expect(doctor.code).toBe(0);
    const unknown = await runToEnd(
      process.execPath,
      [CLI, 'doctor', '--round-trip', '00000000-0000-4000-8000-000000000000'],
      { ...env, CALSYNC_BASE_URL: `http://127.0.0.1:${apiPort}` },
    );
    expect(unknown.out).toMatch(
      /^FAIL +round-trip +integration 0{8}-.* has no destination calendar$/m,
    );
    expect(unknown.code).toBe(1);
  }, 60_000);
});

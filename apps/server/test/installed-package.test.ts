import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

const REPOSITORY = new URL('../../../', import.meta.url).pathname;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** What `npm install @calsync/server-app` brings: the app and the published packages it needs. */
const PACKAGES = [
  '@calsync/core',
  '@calsync/google',
  '@calsync/microsoft',
  '@calsync/caldav',
  '@calsync/zoom',
  '@calsync/server',
  '@calsync/sandbox',
  '@calsync/sdk',
  '@calsync/elements',
  '@calsync/server-app',
];

describe('calsync installed from the packed packages, outside the repository', () => {
  let project: string;
  let database: EmptyDatabase;
  let server: Spawned | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'calsync-installed-'));
    const tarballs = join(project, 'tarballs');
    await mkdir(tarballs);
    const packed = await runToEnd(
      NPM,
      ['pack', '--silent', '--pack-destination', tarballs, ...PACKAGES.flatMap((p) => ['-w', p])],
      {},
      REPOSITORY,
    );
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.out}`);
    const app = join(project, 'app');
    await mkdir(app);
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'calsync-self-hosted', private: true, type: 'module' }),
    );
    const files = (await readdir(tarballs)).map((f) => join(tarballs, f));
    const installed = await runToEnd(
      NPM,
      ['install', '--prefer-offline', '--no-audit', '--no-fund', ...files],
      {},
      app,
    );
    if (installed.code !== 0) throw new Error(`npm install failed:\n${installed.out}`);
    database = await createEmptyDatabase();
    env = {
      DATABASE_URL: database.url,
      CALSYNC_DATA_DIR: join(app, 'data'),
      CALSYNC_ENCRYPTION_KEYS: `p1:${randomBytes(32).toString('base64')}`,
      CALSYNC_LOG_LEVEL: 'warn',
    };
  }, 600_000);

  afterAll(async () => {
    await stopProcess(server);
    await database?.drop();
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('has no workspace left in it: semver dependencies only, the demo page bundled', async () => {
    const app = join(project, 'app', 'node_modules', '@calsync', 'server-app');
    const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as {
      private?: boolean;
      dependencies: Record<string, string>;
    };
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.dependencies)).not.toContain('@calsync/demo');
    for (const range of Object.values(manifest.dependencies)) expect(range).toMatch(/^\^?\d/);
    expect(existsSync(join(app, 'dist', 'public', 'index.html'))).toBe(true);
    expect(existsSync(join(project, 'app', 'node_modules', '@calsync', 'demo'))).toBe(false);
  });

  it('npx calsync migrate, then tenants create, against a standalone Postgres', async () => {
    const cwd = join(project, 'app');
    const migrated = await runToEnd(NPX, ['--no-install', 'calsync', 'migrate'], env, cwd);
    expect(migrated.out).toMatch(/^applied 1_initial_schema, /);
    expect(migrated.code).toBe(0);
    const created = await runToEnd(
      NPX,
      ['--no-install', 'calsync', 'tenants', 'create', 'Acme'],
      env,
      cwd,
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.out.trim())).toMatchObject({ name: 'Acme' });
    const doctor = await runToEnd(NPX, ['--no-install', 'calsync', 'doctor'], env, cwd);
    expect(doctor.out).toMatch(/^PASS +migrations +all \d+ applied$/m);
  }, 120_000);

  it('calsync start in sandbox mode answers /readyz 200 and serves the demo page', async () => {
    // The installed bin itself (what `npx calsync start` runs), so SIGTERM reaches the server.
    server = spawnCollecting(
      join(project, 'app', 'node_modules', '.bin', 'calsync'),
      ['start'],
      { ...env, CALSYNC_SANDBOX: '1', PORT: '0' },
      join(project, 'app'),
    );
    const { port } = await waitForBanner(server);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const demo = await fetch(`http://127.0.0.1:${port}/demo/`);
    expect(demo.status).toBe(200);
    expect(await demo.text()).toContain('<calsync-connect-button');
  }, 120_000);
});

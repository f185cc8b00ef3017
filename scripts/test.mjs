// `npm test`: system packages, format check, lint, typecheck, build, then every package's tests
// against one Postgres for the whole run. Ends with one summary line of all tests.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runOrExit, turbo } from './lib.mjs';
import { ensureSystemDeps } from './system-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extraArgs = process.argv.slice(2);
const timings = [];
const step = async (name, fn) => {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = await fn();
  timings.push([name, (Date.now() - started) / 1000]);
  return result;
};

await step('system packages', () => ensureSystemDeps());
await step('format (prettier)', () =>
  runOrExit('npx', ['--no-install', 'prettier', '--check', '--log-level=warn', '.'], { cwd: root }),
);
await step('lint (root scripts)', () =>
  runOrExit('npx', ['--no-install', 'eslint', '--max-warnings', '0', 'scripts', '*.ts', '*.js'], {
    cwd: root,
  }),
);
await step('build, lint, typecheck', async () => {
  const code = await turbo(['run', 'build', 'lint', 'typecheck', '--output-logs=errors-only'], {
    cwd: root,
  });
  if (code !== 0) process.exit(code);
});

// One Postgres for the run: the caller's, or an embedded one in a temporary folder.
let postgres;
let databaseUrl = process.env.CALSYNC_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!databaseUrl) {
  const server = await import(pathToFileURL(join(root, 'packages/server/dist/index.js')).href);
  postgres = await server.startEmbeddedPostgres({
    dataDir: await mkdtemp(join(tmpdir(), 'calsync-test-pg-')),
    persistent: false,
  });
  databaseUrl = postgres.url;
}
// Every package writes (or, from turbo's cache, restores) `.test-report/vitest.json`; old ones go first.
const workspaces = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).workspaces;
const packageDirs = [];
for (const pattern of workspaces) {
  if (!pattern.endsWith('/*')) {
    packageDirs.push(join(root, pattern));
    continue;
  }
  const parent = join(root, pattern.slice(0, -2));
  for (const entry of await readdir(parent, { withFileTypes: true })) {
    if (entry.isDirectory()) packageDirs.push(join(parent, entry.name));
  }
}
const reportOf = (dir) => join(dir, '.test-report', 'vitest.json');
for (const dir of packageDirs)
  await rm(join(dir, '.test-report'), { recursive: true, force: true });
let code;
try {
  code = await step('tests', () =>
    turbo(['run', 'test', '--concurrency=2', ...extraArgs], {
      cwd: root,
      env: { CALSYNC_TEST_DATABASE_URL: databaseUrl, CALSYNC_TEST_REPORT: '1' },
    }),
  );
} finally {
  await postgres?.stop();
}

let passed = 0;
let failed = 0;
let skipped = 0;
const unloaded = [];
for (const dir of packageDirs) {
  if (!existsSync(reportOf(dir))) continue;
  const report = JSON.parse(await readFile(reportOf(dir), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A test file that failed to load (or whose set-up failed) ran no test, so no test counts it:
  // count it as one failure, or a broken file would hide behind "0 failed".
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    if (file.status === 'failed' && failedTests.length === 0) {
      failed += 1;
      unloaded.push(file.name);
    }
  }
}
if (unloaded.length > 0) {
  console.log(`\nTest files that failed without a failing test (load or set-up error):`);
  for (const name of unloaded) console.log(`  ${name}`);
}
// The real-world iCalendar corpus lives beside the checkout, never inside it.
if (!existsSync(join(root, '..', 'shared', 'fixtures', 'ics'))) {
  console.log(
    '\nNot run: the shared iCalendar corpus (../shared/fixtures/ics) is not beside this checkout, so ' +
      "core's and the CalDAV adapter's corpus tests over it were skipped (the project's own corpus in " +
      'packages/core/test/corpus ran).',
  );
}
console.log('\n' + timings.map(([n, s]) => `  ${n}: ${s.toFixed(1)} s`).join('\n'));
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(code !== 0 ? code : failed > 0 ? 1 : 0);

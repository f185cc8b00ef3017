// `npm run bench`: builds, runs every test/bench/*.bench.ts (each prints its figures), then
// writes test/bench/RESULTS.md: every recorded figure with its target, the machine and the
// sandbox latency. Arguments go to vitest (e.g. a file filter): a filtered run replaces the
// figures of the benchmarks it ran and keeps the others (test/bench/results.json holds them all,
// each with when and where it was measured).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, turbo } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsFile = join(os.tmpdir(), `calsync-bench-${process.pid}.jsonl`);
const reportFile = join(root, 'test', 'bench', 'RESULTS.md');
const storeFile = join(root, 'test', 'bench', 'results.json');

const built = await turbo(['run', 'build', '--output-logs=errors-only'], { cwd: root });
if (built !== 0) process.exit(built);
const startedAt = new Date();
const code = await run(
  'npx',
  ['--no-install', 'vitest', 'run', '--config', 'vitest.bench.config.ts', ...process.argv.slice(2)],
  { cwd: join(root, 'test'), env: { ...process.env, CALSYNC_BENCH_RESULTS: resultsFile } },
);

const cpus = os.cpus();
const machine =
  `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
  `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
const measuredAt = startedAt.toISOString().slice(0, 16).replace('T', ' ');
const measured = existsSync(resultsFile)
  ? readFileSync(resultsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ ...JSON.parse(line), measuredAt, machine }))
  : [];
rmSync(resultsFile, { force: true });
const ranNow = new Set(measured.map((f) => f.bench));
const earlier = existsSync(storeFile) ? JSON.parse(readFileSync(storeFile, 'utf8')).figures : [];
const figures = [...earlier.filter((f) => !ranNow.has(f.bench)), ...measured].sort((a, b) =>
  a.bench.localeCompare(b.bench),
);

function format(value) {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 2 : 1 });
}

const cell = (text) => String(text ?? '').replaceAll('|', '\\|');
const minutes = ((Date.now() - startedAt.getTime()) / 60_000).toFixed(1);
const missed = figures.filter((f) => f.target && !f.met);
const lines = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC ` +
    `(${minutes} min${code === 0 ? '' : `, vitest exit code ${code}`}).`,
  '',
  `Machine: ${machine}. Postgres is the embedded one the tests use, on the same machine.` +
    (figures.some((f) => f.machine !== machine)
      ? ' Some figures come from an earlier run on another machine (see results.json).'
      : ''),
  '',
  'Providers are the sandbox emulators (no real Google, Microsoft or Zoom is reachable here); ' +
    'the sandbox latency column is the simulated latency each provider request was given. ' +
    'Figures are single runs; rerun `npm run bench` to refresh this file (a run of some ' +
    'benchmarks replaces only theirs; the Measured column says when each was taken).',
  '',
  `Targets met: ${figures.filter((f) => f.target && f.met).length} of ${figures.filter((f) => f.target).length}` +
    (missed.length ? ` (missed: ${missed.map((f) => `${f.bench} — ${f.name}`).join('; ')})` : '') +
    '.',
  '',
  '| Benchmark | Figure | Value | Target | Met | Sandbox latency | Measured (UTC) | Notes |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...figures.map(
    (f) =>
      `| ${cell(f.bench)} | ${cell(f.name)} | ${format(f.value)} ${cell(f.unit)} | ${cell(f.target ?? '—')} | ` +
      `${f.target ? (f.met ? 'yes' : '**no**') : '—'} | ` +
      `${f.sandboxLatencyMs === undefined ? '—' : `${f.sandboxLatencyMs} ms`} | ${f.measuredAt} | ` +
      `${cell(f.notes ?? '')} |`,
  ),
  '',
];
if (measured.length > 0) {
  writeFileSync(storeFile, `${JSON.stringify({ figures }, null, 2)}\n`);
  writeFileSync(reportFile, lines.join('\n'));
  console.log(`\n${figures.length} figures written to ${reportFile}`);
} else {
  console.log('\nno figures recorded; test/bench/RESULTS.md left as it was');
}
process.exit(code);

// `npm run bench`: builds, then runs every test/bench/*.bench.ts; each prints its own figures.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOrExit, turbo } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = await turbo(['run', 'build', '--output-logs=errors-only'], { cwd: root });
if (built !== 0) process.exit(built);
await runOrExit(
  'npx',
  ['--no-install', 'vitest', 'run', '--config', 'vitest.bench.config.ts', ...process.argv.slice(2)],
  { cwd: join(root, 'test') },
);

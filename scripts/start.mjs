// `npm start`: build what the server needs, then run it with the sandbox on (unless told otherwise).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { turbo } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const built = await turbo(
  ['run', 'build', '--filter=@calsync/server-app...', '--output-logs=errors-only'],
  {
    cwd: root,
  },
);
if (built !== 0) process.exit(built);
console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s; starting…`);

const child = spawn(process.execPath, [join(root, 'apps/server/dist/main.js')], {
  stdio: 'inherit',
  env: { ...process.env, CALSYNC_SANDBOX: process.env.CALSYNC_SANDBOX ?? '1' },
});
// The server stops itself in order (HTTP, jobs, Postgres); repeated signals are harmless.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 143)));

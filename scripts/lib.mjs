// Small helpers shared by the project's scripts (plain Node, no build step).
import { spawn } from 'node:child_process';

/** Runs a command with inherited stdio; resolves to its exit code. */
export function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a command and exits the script with its code when it fails. */
export async function runOrExit(command, args, options) {
  const code = await run(command, args, options);
  if (code !== 0) process.exit(code);
}

/** turbo with telemetry off (turbo needs no network either way). */
export function turbo(args, options = {}) {
  return run('npx', ['--no-install', 'turbo', ...args], {
    ...options,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...(options.env ?? {}) },
  });
}

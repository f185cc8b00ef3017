/** Runs the npm CLI as a user would, outside whatever npm script started the tests. */

import { execFile } from 'node:child_process';

/** What one npm command printed, and how it ended. */
export interface NpmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** npm settings a user chose (cache, registry, config file) pass on; the parent script's do not. */
const KEPT = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);

/** The environment without the `npm_*` variables of the npm script running the tests. */
export function userEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.toLowerCase().startsWith('npm_') || KEPT.has(key.toLowerCase()),
    ),
  );
}

/**
 * Runs `npm <args>` in `cwd` and resolves with its output, whatever its exit code.
 *
 * @example
 * const { code, stdout } = await runNpm(['pack', '--dry-run', '--json'], packageDir);
 */
export function runNpm(args: string[], cwd: string, timeoutMs = 300_000): Promise<NpmResult> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      args,
      { cwd, env: userEnvironment(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

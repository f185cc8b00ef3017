/** Spawning the built `calsync` processes (server and CLI) the way an operator runs them. */
import { spawn, type ChildProcess } from 'node:child_process';

/** A spawned process and everything it printed so far. */
export interface Spawned {
  child: ChildProcess;
  output: () => string;
}

/** Starts `command args` with `env` added to this process's environment, collecting its output. */
export function spawnCollecting(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Spawned {
  const child = spawn(command, args, {
    // The human banner (the tests read its lines), and no worker health port unless a test asks
    // for one (several workers on one machine would want the same default port).
    env: { ...process.env, CALSYNC_LOG_FORMAT: 'pretty', CALSYNC_WORKER_HTTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

/** The exit code once the process has ended. */
export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Runs a command to its end: its exit code and output. */
export async function runToEnd(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<{ code: number | null; out: string }> {
  const spawned = spawnCollecting(command, args, env, cwd);
  const code = await waitForExit(spawned.child);
  return { code, out: spawned.output() };
}

/**
 * Resolves once the process has printed its start banner (`Calsync is running`), with the API
 * port when it serves HTTP; rejects with its output if it exits first.
 */
export function waitForBanner(spawned: Spawned): Promise<{ port: number | undefined }> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const out = spawned.output();
      if (!out.includes('Press Ctrl+C')) return;
      spawned.child.stdout?.off('data', check);
      const match = /API: +http:\/\/127\.0\.0\.1:(\d+)\/api\/v1/.exec(out);
      resolve({ port: match ? Number(match[1]) : undefined });
    };
    spawned.child.stdout?.on('data', check);
    spawned.child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before it was running:\n${spawned.output()}`)),
    );
    check();
  });
}

/** SIGTERMs the process and waits for it to end. */
export async function stopProcess(spawned: Spawned | undefined): Promise<void> {
  if (!spawned || spawned.child.exitCode !== null) return;
  spawned.child.kill('SIGTERM');
  await waitForExit(spawned.child);
}

/** Calls `probe` every 200 ms until it returns something; throws naming `what` after `limitMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  limitMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

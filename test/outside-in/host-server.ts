/** The host's backend (`host/server.mjs`) as a child process of the test. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

/** A running host backend. */
export interface HostServer {
  /** Its origin, `http://127.0.0.1:<port>`. */
  url: string;
  /** Gives it the Calsync server to talk to; it answers nothing before. */
  configure(calsyncUrl: string, secretKey: string): void;
  /** What it wrote to stderr so far. */
  errors(): string;
  stop(): Promise<void>;
}

/**
 * Starts `server.mjs` of the host project on a free loopback port.
 *
 * @example
 * const host = await startHostServer(project.dir);
 * host.configure(calsync.baseUrl, calsync.secretKey);
 */
export async function startHostServer(projectDir: string): Promise<HostServer> {
  const child: ChildProcess = spawn(process.execPath, [join(projectDir, 'server.mjs')], {
    cwd: projectDir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error(`the host server exited: ${stderr}`);
    }),
  ])) as [string];
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    configure(calsyncUrl, secretKey) {
      child.stdin!.write(JSON.stringify({ calsyncUrl, secretKey }) + '\n');
    },
    errors: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorClassOf, type ProviderAdapter } from '@calsync/core';
import type { Keyring } from '../../crypto/keyring.js';
import { bundleTestChild } from '../../testing/bundle-child.js';
import type { AdapterCallMessage, AdapterReplyMessage } from './remote-adapter.js';

const here = dirname(fileURLToPath(import.meta.url));

let bundled: Promise<string> | undefined;

/**
 * Bundles worker-child.ts into one ESM file under the package's node_modules/.cache (so its
 * imports of installed packages resolve), once per test run.
 */
function bundleWorker(): Promise<string> {
  bundled ??= bundleTestChild(join(here, 'worker-child.ts'), 'calsync-worker-child');
  return bundled;
}

/** A worker process and the hook that answers its provider calls. */
export interface WorkerChild {
  readonly process: ChildProcess;
  readonly exited: Promise<NodeJS.Signals | number | null>;
}

/**
 * Starts a sync worker in a child process; its provider calls are served by `adapter` here.
 * `afterCall` runs after each served call and before the reply, so a test can kill the child
 * right after a provider write.
 */
export async function startWorkerChild(input: {
  databaseUrl: string;
  keyring: Keyring;
  now: Date;
  adapter: ProviderAdapter;
  afterCall?: (method: AdapterCallMessage['method'], child: ChildProcess) => boolean;
}): Promise<WorkerChild> {
  const file = await bundleWorker();
  const key = input.keyring.keys[0]!;
  const child = fork(file, [], {
    env: {
      ...process.env,
      CALSYNC_CHILD_DATABASE_URL: input.databaseUrl,
      CALSYNC_CHILD_KEYRING: `${key.id}:${key.key.toString('base64')}`,
      CALSYNC_CHILD_NOW: input.now.toISOString(),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: { kind: string }) => {
      if (message.kind === 'ready') resolve();
    });
    child.on('exit', () => reject(new Error('worker child exited before it was ready')));
  });
  child.on('message', (message: AdapterCallMessage) => {
    if (message.kind !== 'call') return;
    void serve(input, child, message);
  });
  await ready;
  return { process: child, exited };
}

async function serve(
  input: Parameters<typeof startWorkerChild>[0],
  child: ChildProcess,
  message: AdapterCallMessage,
): Promise<void> {
  let reply: AdapterReplyMessage;
  try {
    const method = input.adapter[message.method] as (...args: unknown[]) => Promise<unknown>;
    const result = await method(...message.args);
    reply = { kind: 'reply', id: message.id, result: result ?? null };
  } catch (error) {
    reply = {
      kind: 'reply',
      id: message.id,
      error: {
        errorClass: errorClassOf(error),
        message: error instanceof Error ? error.message : String(error),
      },
    };
  }
  if (input.afterCall?.(message.method, child) === false) return;
  // The child may be killed between the check and the write; a reply it can no longer read is
  // not an error of the test (the callback keeps EPIPE from surfacing as an uncaught 'error').
  if (child.connected) child.send(reply, () => undefined);
}

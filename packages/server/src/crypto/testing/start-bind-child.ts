import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Keyring } from '../keyring.js';
import { bundleTestChild } from '../../testing/bundle-child.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Runs the binding step in a child process and SIGKILLs it while its `hangAt`-th batch is
 * still open (earlier batches are committed). Resolves once the child is dead.
 *
 * @example
 * await killBindingHalfWay({ databaseUrl, keyring, batchSize: 2, hangAt: 2 });
 */
export async function killBindingHalfWay(input: {
  databaseUrl: string;
  keyring: Keyring;
  batchSize: number;
  hangAt: number;
}): Promise<{ signal: NodeJS.Signals | number | null; hungAtBatch: number }> {
  const outfile = await bundleTestChild(join(here, 'bind-child.ts'), 'calsync-bind-child');
  const key = input.keyring.keys[0]!;
  const child = fork(outfile, [], {
    env: {
      ...process.env,
      CALSYNC_CHILD_DATABASE_URL: input.databaseUrl,
      CALSYNC_CHILD_KEYRING: `${key.id}:${key.key.toString('base64')}`,
      CALSYNC_CHILD_BATCH_SIZE: String(input.batchSize),
      CALSYNC_CHILD_HANG_AT: String(input.hangAt),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const hungAtBatch = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: { kind: string; batches: number }) => {
      if (message.kind === 'hanging') resolve(message.batches);
      else reject(new Error(`the binding step ${message.kind} before it could be killed`));
    });
    child.on('exit', () => reject(new Error('the binding child exited before it hung')));
  });
  child.kill('SIGKILL');
  return { signal: await exited, hungAtBatch };
}

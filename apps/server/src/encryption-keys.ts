import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Keyring } from '@calsync/server';

/** Where a generated development key is kept. */
export function keyFilePath(dataDir: string): string {
  return join(dataDir, 'encryption-keys');
}

/**
 * The keyring from `CALSYNC_ENCRYPTION_KEYS`, or — when unset — from a key generated once and kept
 * (mode 0600) in the data dir, so a second start can still read what the first one encrypted.
 * With `unbound: 'bind'` (`CALSYNC_UNBOUND_ENVELOPES`, the default) it still reads the unbound
 * `v1` envelopes of earlier releases (a process of one may write some during a rolling upgrade);
 * with `refuse` it does not.
 */
export async function loadKeyring(
  configured: string | undefined,
  dataDir: string,
  unbound: 'bind' | 'refuse' = 'bind',
): Promise<{ keyring: Keyring; generated: boolean }> {
  const options = { unbound: unbound === 'bind' ? ('accept' as const) : ('refuse' as const) };
  if (configured) return { keyring: Keyring.parse(configured, options), generated: false };
  const file = keyFilePath(dataDir);
  if (existsSync(file)) {
    const spec = (await readFile(file, 'utf8')).trim();
    return { keyring: Keyring.parse(spec, options), generated: false };
  }
  await mkdir(dataDir, { recursive: true });
  const spec = Keyring.generateKeySpec('dev1');
  await writeFile(file, spec + '\n', { mode: 0o600, flag: 'wx' });
  return { keyring: Keyring.parse(spec, options), generated: true };
}

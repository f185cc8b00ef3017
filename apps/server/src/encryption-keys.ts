import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkKeysAgainstStore,
  EncryptionKeysMismatchError,
  Keyring,
  storedEnvelopeKeyIds,
  type SQL,
} from '@calsync/server';

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

/**
 * `CALSYNC_ENCRYPTION_KEYS` is unset outside sandbox mode while the database holds encrypted
 * secrets: a generated key could not read them, so the process refuses to start.
 */
export class EncryptionKeysRequiredError extends Error {
  override readonly name = 'EncryptionKeysRequiredError';
  readonly code = 'encryption_keys_required';
  constructor(storedKeyIds: readonly string[], keyFile: string | undefined) {
    super(
      `CALSYNC_ENCRYPTION_KEYS is not set but the database holds secrets encrypted with key id(s) ` +
        `${storedKeyIds.join(', ')}; set it to those keys` +
        (keyFile ? ` (a key generated earlier is kept in ${keyFile})` : ''),
    );
  }
}

/**
 * The keyring of a process that reads or writes secrets, checked against the database (after the
 * migrations): outside sandbox mode an unset `CALSYNC_ENCRYPTION_KEYS` is refused
 * ({@link EncryptionKeysRequiredError}) when any secret is stored, and only an empty database may
 * fall back to the generated key of {@link loadKeyring}; in every mode the keys must open a sample
 * of the stored envelopes of each key id ({@link EncryptionKeysMismatchError} naming the key ids
 * it lacks otherwise).
 *
 * @example
 * const { keyring } = await openCheckedKeyring(sql, config);
 */
export async function openCheckedKeyring(
  sql: SQL,
  config: {
    encryptionKeys: string | undefined;
    dataDir: string;
    unboundEnvelopes: 'bind' | 'refuse';
    sandbox: boolean;
  },
): Promise<{ keyring: Keyring; generated: boolean }> {
  if (!config.encryptionKeys && !config.sandbox) {
    const stored = await storedEnvelopeKeyIds(sql);
    if (stored.length) {
      const file = keyFilePath(config.dataDir);
      throw new EncryptionKeysRequiredError(stored, existsSync(file) ? file : undefined);
    }
  }
  const loaded = await loadKeyring(config.encryptionKeys, config.dataDir, config.unboundEnvelopes);
  const report = await checkKeysAgainstStore(sql, loaded.keyring);
  if (report.missingKeyIds.length || report.wrongKeyIds.length) {
    throw new EncryptionKeysMismatchError(report);
  }
  return loaded;
}

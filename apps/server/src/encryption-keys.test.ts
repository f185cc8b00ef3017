import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptionError, Keyring, secretBinding } from '@calsync/server';
import { legacyEnvelope } from '@calsync/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyring } from './encryption-keys.js';

describe('loadKeyring', () => {
  let dataDir: string;
  const keys = `k1:${randomBytes(32).toString('base64')}`;
  const old = legacyEnvelope(Keyring.parse(keys).keys[0]!, 'from-an-earlier-release');
  const where = secretBinding.connectionCredentials('tenant', 'connection');
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'calsync-keys-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('reads unbound envelopes with CALSYNC_UNBOUND_ENVELOPES=bind (the default) only', async () => {
    const bind = (await loadKeyring(keys, dataDir)).keyring;
    expect(bind.decrypt(old, where)).toBe('from-an-earlier-release');
    const refuse = (await loadKeyring(keys, dataDir, 'refuse')).keyring;
    expect(() => refuse.decrypt(old, where)).toThrow(DecryptionError);
    // A bound envelope reads the same either way.
    const box = refuse.encrypt('s', where);
    expect(bind.decrypt(box, where)).toBe('s');
  });

  it('keeps a generated development key in the data dir', async () => {
    const first = await loadKeyring(undefined, dataDir, 'refuse');
    const second = await loadKeyring(undefined, dataDir, 'refuse');
    expect(first.generated).toBe(true);
    expect(second.generated).toBe(false);
    expect(second.keyring.decrypt(first.keyring.encrypt('s', where), where)).toBe('s');
  });
});

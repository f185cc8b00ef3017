import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTenant,
  DecryptionError,
  EncryptionKeysMismatchError,
  Keyring,
  secretBinding,
} from '@calsync/server';
import { createTestDatabase, legacyEnvelope } from '@calsync/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EncryptionKeysRequiredError,
  keyFilePath,
  loadKeyring,
  openCheckedKeyring,
} from './encryption-keys.js';

const keys = `k1:${randomBytes(32).toString('base64')}`;

describe('loadKeyring', () => {
  let dataDir: string;
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

describe('openCheckedKeyring', () => {
  it('outside sandbox mode generates a key only while the database holds no secret', async () => {
    const db = await createTestDatabase();
    const dataDir = await mkdtemp(join(tmpdir(), 'calsync-keys-'));
    const config = {
      encryptionKeys: undefined,
      dataDir,
      unboundEnvelopes: 'bind' as const,
      sandbox: false,
    };
    try {
      const first = await openCheckedKeyring(db.sql, config);
      expect(first.generated).toBe(true);
      const tenant = await createTenant(db.sql, 'Keys');
      const id = '00000000-0000-4000-8000-000000000001';
      const box = first.keyring.encrypt(
        'whsec_x',
        secretBinding.webhookEndpointSecret(tenant.id, id),
      );
      await db.sql`
        insert into webhook_endpoints (id, tenant_id, url, secret, enabled)
        values (${id}, ${tenant.id}, 'http://127.0.0.1:9/hooks', ${box}, false)`;
      // Now a secret is stored: the unset variable is refused, pointing at the generated key.
      const refused = openCheckedKeyring(db.sql, config);
      await expect(refused).rejects.toThrow(EncryptionKeysRequiredError);
      await expect(refused).rejects.toThrow(keyFilePath(dataDir));
      // Sandbox mode keeps using the generated key, which opens what it wrote.
      expect((await openCheckedKeyring(db.sql, { ...config, sandbox: true })).generated).toBe(
        false,
      );
      // Any mode: keys that do not open the stored secrets are refused.
      await expect(
        openCheckedKeyring(db.sql, { ...config, sandbox: true, encryptionKeys: keys }),
      ).rejects.toThrow(EncryptionKeysMismatchError);
    } finally {
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

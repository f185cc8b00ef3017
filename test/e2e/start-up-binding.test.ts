import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  createTenant,
  DecryptionError,
  Keyring,
  secretBinding,
  upsertUser,
} from '@calsync/server';
import { createTestDatabase, legacyEnvelope, type TestDatabase } from '@calsync/server/testing';
import { loadConfig, startCalsync } from '@calsync/server-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A database left by a release without bound envelopes, started by this one: the start-up step
 * after the migrations rewrites its secrets bound to their rows, once.
 */
describe('start-up: unbound envelopes of an earlier release', () => {
  let db: TestDatabase;
  let dataDir: string;
  const keys = `k1:${randomBytes(32).toString('base64')}`;
  const keyring = Keyring.parse(keys);
  let tenantId: string;
  let connectionId: string;

  /** Starts and stops a worker process (no HTTP) on the database. */
  async function startAndStop(env: Record<string, string> = {}): Promise<void> {
    const config = loadConfig({
      DATABASE_URL: db.url,
      CALSYNC_DATA_DIR: dataDir,
      CALSYNC_ROLE: 'worker',
      CALSYNC_LOG_LEVEL: 'silent',
      CALSYNC_ENCRYPTION_KEYS: keys,
      ...env,
    });
    const running = await startCalsync(config, createLogger({ level: 'silent' }));
    await running.stop();
  }

  async function stored(): Promise<string> {
    const [row] = await db.sql<{ credentials: string }[]>`
      select credentials from connections where id = ${connectionId}`;
    return row!.credentials;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'calsync-binding-'));
    tenantId = (await createTenant(db.sql, 'Acme')).id;
    const user = await upsertUser(db.sql, tenantId, 'alice');
    const envelope = legacyEnvelope(keyring.keys[0]!, JSON.stringify({ refreshToken: 'rt-1' }));
    const [row] = await db.sql<{ id: string }[]>`
      insert into connections (tenant_id, user_id, provider, account_email, credentials, credentials_key_id)
      values (${tenantId}, ${user.id}, 'google', 'alice@example.com', ${envelope}, 'k1')
      returning id`;
    connectionId = row!.id;
  }, 60_000);
  afterAll(async () => {
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('leaves them alone with CALSYNC_UNBOUND_ENVELOPES=refuse', async () => {
    const before = await stored();
    await startAndStop({ CALSYNC_UNBOUND_ENVELOPES: 'refuse' });
    expect(await stored()).toBe(before);
  }, 60_000);

  it('binds them to their row at start-up, and a second start changes nothing', async () => {
    await startAndStop();
    const bound = await stored();
    expect(bound.startsWith('v2.k1.')).toBe(true);
    const here = secretBinding.connectionCredentials(tenantId, connectionId);
    expect(JSON.parse(keyring.decrypt(bound, here))).toEqual({ refreshToken: 'rt-1' });
    const elsewhere = secretBinding.connectionCredentials(tenantId, tenantId);
    expect(() => keyring.decrypt(bound, elsewhere)).toThrow(DecryptionError);

    await startAndStop();
    expect(await stored()).toBe(bound);
    const audits = await db.sql`select 1 from audit_entries where action = 'encryption.bound'`;
    expect(audits).toHaveLength(1);
  }, 60_000);
});

import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { legacyEnvelope } from '../testing/legacy-envelope.js';
import { createTenantFixture } from '../testing/tenant-fixture.js';
import { DecryptionError, Keyring } from './keyring.js';
import { rotateEncryption } from './rotate.js';
import { secretBinding } from './secret-binding.js';

const spec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('rotateEncryption', () => {
  let db: TestDatabase;
  let tenantId: string;
  const connectionIds: string[] = [];
  const oldSpec = spec('old');
  const newSpec = spec('new');
  const oldRing = Keyring.parse(oldSpec);
  const rotated = Keyring.parse(`${newSpec},${oldSpec}`);
  beforeAll(async () => {
    db = await createTestDatabase();
    const acme = await createTenantFixture(db.sql, 'Acme', () => new Date());
    tenantId = acme.tenantId;
    const { userId } = await acme.user('u1');
    for (let n = 0; n < 5; n++) {
      const id = randomUUID();
      connectionIds.push(id);
      // Three bound envelopes on the old key, two unbound ones from an earlier release.
      const envelope =
        n < 3
          ? oldRing.encrypt(`token-${n}`, secretBinding.connectionCredentials(tenantId, id))
          : legacyEnvelope(oldRing.keys[0]!, `token-${n}`);
      await db.sql`
        insert into connections (id, tenant_id, user_id, provider, account_email, credentials, credentials_key_id)
        values (${id}, ${tenantId}, ${userId}, 'google', ${`u${n}@x.example`}, ${envelope}, 'old')`;
    }
    const endpointId = randomUUID();
    await db.sql`
      insert into webhook_endpoints (id, tenant_id, url, secret)
      values (${endpointId}, ${tenantId}, 'https://h.example',
        ${oldRing.encrypt('whsec_abc', secretBinding.webhookEndpointSecret(tenantId, endpointId))})`;
    await db.sql`
      insert into oauth_states (state_hash, tenant_id, user_id, provider, code_verifier, redirect_uri, expires_at)
      values (${Buffer.from('s1')}, ${tenantId}, ${userId}, 'google',
        ${oldRing.encrypt('verifier', secretBinding.oauthStateVerifier(tenantId, Buffer.from('s1')))},
        'https://h.example/cb', now() + interval '1 hour')`;
    // One envelope no configured key can open.
    const lostId = randomUUID();
    await db.sql`
      insert into webhook_endpoints (id, tenant_id, url, secret)
      values (${lostId}, ${tenantId}, 'https://lost.example',
        ${Keyring.parse(spec('lost')).encrypt('x', secretBinding.webhookEndpointSecret(tenantId, lostId))})`;
  });
  afterAll(() => db.drop());

  it('re-encrypts every envelope with the current key, bound to its row, in batches, idempotently', async () => {
    const report = await rotateEncryption({ sql: db.sql, keyring: rotated }, { batchSize: 2 });
    expect(report['connections.credentials']).toMatchObject({ rotated: 5, failed: 0 });
    expect(report['webhook_endpoints.secret']).toMatchObject({ rotated: 1, failed: 1 });
    expect(report['oauth_states.code_verifier']).toMatchObject({ rotated: 1, failed: 0 });
    expect(report['video_meetings.passcode']).toMatchObject({ rotated: 0, failed: 0 });

    const rows = await db.sql<{ id: string; credentials: string; credentials_key_id: string }[]>`
      select id, credentials, credentials_key_id from connections order by account_email`;
    const onlyNew = Keyring.parse(newSpec);
    expect(rows.every((r) => r.credentials.startsWith('v2.new.'))).toBe(true);
    expect(
      rows.map((r) =>
        onlyNew.decrypt(r.credentials, secretBinding.connectionCredentials(tenantId, r.id)),
      ),
    ).toEqual([0, 1, 2, 3, 4].map((n) => `token-${n}`));
    expect(rows.every((r) => r.credentials_key_id === 'new')).toBe(true);
    // The binding is kept: an envelope read as another connection's does not open.
    expect(() =>
      onlyNew.decrypt(
        rows[0]!.credentials,
        secretBinding.connectionCredentials(tenantId, rows[1]!.id),
      ),
    ).toThrow(DecryptionError);
    const [state] = await db.sql<
      { code_verifier: string }[]
    >`select code_verifier from oauth_states`;
    expect(
      onlyNew.decrypt(
        state!.code_verifier,
        secretBinding.oauthStateVerifier(tenantId, Buffer.from('s1')),
      ),
    ).toBe('verifier');

    const [audit] = await db.sql<{ actor: string; details: { key_id: string } }[]>`
      select actor, details from audit_entries where action = 'encryption.rotated'`;
    expect(audit).toMatchObject({ actor: 'cli', details: { key_id: 'new' } });

    const again = await rotateEncryption({ sql: db.sql, keyring: rotated });
    expect(again['connections.credentials']).toMatchObject({ rotated: 0 });
    expect(again['webhook_endpoints.secret']).toMatchObject({ rotated: 0, failed: 1 });
  });

  it('leaves an envelope copied from another row as it is and reports it', async () => {
    const [first, second] = connectionIds;
    await db.sql`
      update connections set credentials = (select credentials from connections where id = ${first!})
      where id = ${second!}`;
    const ring = Keyring.parse(`${spec('newer')},${newSpec}`);
    const report = await rotateEncryption({ sql: db.sql, keyring: ring });
    expect(report['connections.credentials']).toMatchObject({
      rotated: 4,
      failed: 1,
      failedKeys: [second],
    });
  });
});

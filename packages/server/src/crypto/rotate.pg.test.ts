import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createTenantFixture } from '../testing/tenant-fixture.js';
import { Keyring } from './keyring.js';
import { rotateEncryption } from './rotate.js';

const spec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('rotateEncryption', () => {
  let db: TestDatabase;
  const oldSpec = spec('old');
  const newSpec = spec('new');
  const oldRing = Keyring.parse(oldSpec);
  const rotated = Keyring.parse(`${newSpec},${oldSpec}`);
  beforeAll(async () => {
    db = await createTestDatabase();
    const acme = await createTenantFixture(db.sql, 'Acme', () => new Date());
    const { userId } = await acme.user('u1');
    for (let n = 0; n < 5; n++) {
      await db.sql`
        insert into connections (tenant_id, user_id, provider, account_email, credentials, credentials_key_id)
        values (${acme.tenantId}, ${userId}, 'google', ${`u${n}@x.example`},
          ${oldRing.encrypt(`token-${n}`)}, 'old')`;
    }
    await db.sql`
      insert into webhook_endpoints (tenant_id, url, secret)
      values (${acme.tenantId}, 'https://h.example', ${oldRing.encrypt('whsec_abc')})`;
    await db.sql`
      insert into oauth_states (state_hash, tenant_id, user_id, provider, code_verifier, redirect_uri, expires_at)
      values (${Buffer.from('s1')}, ${acme.tenantId}, ${userId}, 'google', ${oldRing.encrypt('verifier')},
        'https://h.example/cb', now() + interval '1 hour')`;
    // One envelope no configured key can open.
    await db.sql`
      insert into webhook_endpoints (tenant_id, url, secret)
      values (${acme.tenantId}, 'https://lost.example', ${Keyring.parse(spec('lost')).encrypt('x')})`;
  });
  afterAll(() => db.drop());

  it('re-encrypts every envelope with the current key, in batches, and is idempotent', async () => {
    const report = await rotateEncryption({ sql: db.sql, keyring: rotated }, { batchSize: 2 });
    expect(report['connections.credentials']).toMatchObject({ rotated: 5, failed: 0 });
    expect(report['webhook_endpoints.secret']).toMatchObject({ rotated: 1, failed: 1 });
    expect(report['oauth_states.code_verifier']).toMatchObject({ rotated: 1, failed: 0 });
    expect(report['video_meetings.passcode']).toMatchObject({ rotated: 0, failed: 0 });

    const rows = await db.sql<{ credentials: string; credentials_key_id: string }[]>`
      select credentials, credentials_key_id from connections order by account_email`;
    const onlyNew = Keyring.parse(newSpec);
    expect(rows.map((r) => onlyNew.decrypt(r.credentials))).toEqual(
      [0, 1, 2, 3, 4].map((n) => `token-${n}`),
    );
    expect(rows.every((r) => r.credentials_key_id === 'new')).toBe(true);
    const [state] = await db.sql<
      { code_verifier: string }[]
    >`select code_verifier from oauth_states`;
    expect(onlyNew.decrypt(state!.code_verifier)).toBe('verifier');

    const [audit] = await db.sql<{ actor: string; details: { key_id: string } }[]>`
      select actor, details from audit_entries where action = 'encryption.rotated'`;
    expect(audit).toMatchObject({ actor: 'cli', details: { key_id: 'new' } });

    const again = await rotateEncryption({ sql: db.sql, keyring: rotated });
    expect(again['connections.credentials']).toMatchObject({ rotated: 0 });
    expect(again['webhook_endpoints.secret']).toMatchObject({ rotated: 0, failed: 1 });
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { legacyEnvelope } from '../testing/legacy-envelope.js';
import { createTenantFixture } from '../testing/tenant-fixture.js';
import { bindUnboundEnvelopes } from './bind-envelopes.js';
import { ENVELOPE_COLUMNS } from './envelope-columns.js';
import { DecryptionError, Keyring } from './keyring.js';
import { rotateEncryption } from './rotate.js';
import { secretBinding } from './secret-binding.js';
import { killBindingHalfWay } from './testing/start-bind-child.js';

describe('bindUnboundEnvelopes (the start-up step)', () => {
  let db: TestDatabase;
  let tenantId: string;
  const keyring = Keyring.parse(`k1:${randomBytes(32).toString('base64')}`);
  const key = keyring.keys[0]!;
  const connectionIds: string[] = [];
  let endpointId: string;
  let meetingId: string;

  async function unboundLeft(): Promise<number> {
    let n = 0;
    for (const spec of ENVELOPE_COLUMNS) {
      const [row] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from ${db.sql(spec.table)}
        where split_part(${db.sql(spec.column)}, '.', 1) = 'v1'`;
      n += row!.n;
    }
    return n;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const acme = await createTenantFixture(db.sql, 'Acme', () => new Date());
    tenantId = acme.tenantId;
    const { userId } = await acme.user('u1');
    // Data as an earlier release left it: unbound v1 envelopes in every secret column.
    for (let n = 0; n < 5; n++) {
      const [row] = await db.sql<{ id: string }[]>`
        insert into connections (tenant_id, user_id, provider, account_email, credentials, credentials_key_id)
        values (${tenantId}, ${userId}, 'google', ${`u${n}@x.example`},
          ${legacyEnvelope(key, `token-${n}`)}, 'k1')
        returning id`;
      connectionIds.push(row!.id);
    }
    const [endpoint] = await db.sql<{ id: string }[]>`
      insert into webhook_endpoints (tenant_id, url, secret)
      values (${tenantId}, 'https://h.example', ${legacyEnvelope(key, 'whsec_abc')}) returning id`;
    endpointId = endpoint!.id;
    const [appointment] = await db.sql<{ id: string }[]>`
      insert into appointments (tenant_id, user_id, uid, source, title, time_kind, starts_at, ends_at)
      values (${tenantId}, ${userId}, 'a1', 'host', 'Interview', 'instant',
        '2026-06-02T09:00:00Z', '2026-06-02T10:00:00Z') returning id`;
    const [meeting] = await db.sql<{ id: string }[]>`
      insert into video_meetings (tenant_id, appointment_id, platform, passcode)
      values (${tenantId}, ${appointment!.id}, 'zoom', ${legacyEnvelope(key, '123456')}) returning id`;
    meetingId = meeting!.id;
    await db.sql`
      insert into oauth_states (state_hash, tenant_id, user_id, provider, code_verifier, redirect_uri, expires_at)
      values (${Buffer.from('s1')}, ${tenantId}, ${userId}, 'google', ${legacyEnvelope(key, 'verifier')},
        'https://h.example/cb', now() + interval '1 hour')`;
  });
  afterAll(() => db.drop());

  it('survives being killed half way: the next run finishes the job, in place', async () => {
    expect(await unboundLeft()).toBe(8);
    // Killed (SIGKILL) inside its second batch of connections: the first batch is committed.
    const killed = await killBindingHalfWay({
      databaseUrl: db.url,
      keyring,
      batchSize: 2,
      hangAt: 2,
    });
    expect(killed).toEqual({ signal: 'SIGKILL', hungAtBatch: 2 });
    expect(await unboundLeft()).toBe(6);

    const report = await bindUnboundEnvelopes({ sql: db.sql, keyring }, { batchSize: 2 });
    expect(report).toMatchObject({ bound: 6, failed: 0 });
    expect(await unboundLeft()).toBe(0);

    // Every secret is still there, bound to its own row, and the default keyring reads it.
    expect(keyring.unbound).toBe('refuse');
    const connections = await db.sql<{ id: string; credentials: string }[]>`
      select id, credentials from connections order by account_email`;
    expect(
      connections.map((r) =>
        keyring.decrypt(r.credentials, secretBinding.connectionCredentials(tenantId, r.id)),
      ),
    ).toEqual([0, 1, 2, 3, 4].map((n) => `token-${n}`));
    expect(connections.map((r) => r.id).sort()).toEqual([...connectionIds].sort());
    const [endpoint] = await db.sql<{ secret: string }[]>`select secret from webhook_endpoints`;
    expect(
      keyring.decrypt(endpoint!.secret, secretBinding.webhookEndpointSecret(tenantId, endpointId)),
    ).toBe('whsec_abc');
    const [meeting] = await db.sql<{ passcode: string }[]>`select passcode from video_meetings`;
    expect(
      keyring.decrypt(meeting!.passcode, secretBinding.videoMeetingPasscode(tenantId, meetingId)),
    ).toBe('123456');
    const [state] = await db.sql<
      { code_verifier: string }[]
    >`select code_verifier from oauth_states`;
    expect(
      keyring.decrypt(
        state!.code_verifier,
        secretBinding.oauthStateVerifier(tenantId, Buffer.from('s1')),
      ),
    ).toBe('verifier');
    const audits = await db.sql<{ actor: string; details: { bound: number } }[]>`
      select actor, details from audit_entries where action = 'encryption.bound' order by id`;
    expect(audits.at(-1)).toMatchObject({ actor: 'system', details: { bound: 6 } });
  });

  it('is idempotent: a second start finds nothing to do and records nothing', async () => {
    const before = await db.sql`select 1 from audit_entries where action = 'encryption.bound'`;
    const report = await bindUnboundEnvelopes({ sql: db.sql, keyring });
    expect(report).toMatchObject({ bound: 0, failed: 0 });
    const after = await db.sql`select 1 from audit_entries where action = 'encryption.bound'`;
    expect(after.length).toBe(before.length);
  });

  it('once migrated, an old v1 envelope planted in a row is refused', async () => {
    const [victim] = connectionIds;
    const old = legacyEnvelope(key, 'token-from-a-backup');
    await db.sql`update connections set credentials = ${old} where id = ${victim!}`;
    expect(() =>
      keyring.decrypt(old, secretBinding.connectionCredentials(tenantId, victim!)),
    ).toThrow(DecryptionError);
    // With CALSYNC_UNBOUND_ENVELOPES=refuse a rotation does not bind it to the row either.
    const report = await rotateEncryption({ sql: db.sql, keyring }, { unbound: 'refuse' });
    expect(report['connections.credentials']).toMatchObject({ failed: 1, failedKeys: [victim] });
    const [row] = await db.sql<{ credentials: string }[]>`
      select credentials from connections where id = ${victim!}`;
    expect(row!.credentials).toBe(old);
  });

  it('reports, and leaves alone, an unbound envelope no configured key opens', async () => {
    const stranger = { id: 'gone', key: randomBytes(32) };
    const id = randomUUID();
    await db.sql`
      insert into webhook_endpoints (id, tenant_id, url, secret)
      values (${id}, ${tenantId}, 'https://lost.example', ${legacyEnvelope(stranger, 'x')})`;
    const report = await bindUnboundEnvelopes({ sql: db.sql, keyring });
    expect(report.columns['webhook_endpoints.secret']).toMatchObject({
      failed: 1,
      failedKeys: [id],
    });
  });
});

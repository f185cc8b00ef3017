import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../crypto/secrets.js';
import { connectDatabase, type SQL } from '../../db/connect.js';
import { createApiKey, revokeApiKey } from '../../store/api-keys.js';
import { createTenant } from '../../store/tenants.js';
import { upsertUser } from '../../store/users.js';
import { createTestContext, type TestContext } from '../../testing/context.js';
import { createTestDatabase, type TestDatabase } from '../../testing/database.js';
import { createApp } from '../app.js';

/**
 * Revocation across processes: two API servers, each with its own connection pool, on one
 * database and real loopback HTTP. What one revokes, the other refuses on the very next request.
 */

interface Instance {
  url: string;
  sql: SQL;
  server: ServerType;
}

async function startInstance(t: TestContext, db: TestDatabase): Promise<Instance> {
  const sql = connectDatabase(db.url, { max: 2 });
  const app = createApp({ ...t.ctx, sql });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}/api/v1`, sql, server }),
    );
    server.once('error', reject);
  });
}

async function call(
  instance: Instance,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${instance.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

describe('session revocation across API processes', () => {
  let db: TestDatabase;
  let t: TestContext;
  let a: Instance;
  let b: Instance;
  let tenantId: string;
  let key: { id: string; secret_key: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestContext(db);
    a = await startInstance(t, db);
    b = await startInstance(t, db);
    tenantId = (await createTenant(db.sql, 'Acme')).id;
    key = await createApiKey(db.sql, tenantId, 'backend');
  });
  afterAll(async () => {
    for (const instance of [a, b]) {
      await new Promise((resolve) => instance.server.close(resolve));
      await instance.sql.end();
    }
    await t.close();
    await db.drop();
  });

  async function mint(on: Instance, secretKey: string, userId: string) {
    const res = await call(on, secretKey, 'POST', '/sessions', { user_id: userId });
    expect(res.status).toBe(201);
    return res.body as { id: string; token: string };
  }

  const works = async (on: Instance, token: string) =>
    (await call(on, token, 'GET', '/appointments')).status;

  it('a secret key revokes a session in one process; the other refuses it at once', async () => {
    const session = await mint(a, key.secret_key, 'u1');
    expect(await works(b, session.token)).toBe(200);
    const revoked = await call(a, key.secret_key, 'DELETE', `/sessions/${session.id}`);
    expect(revoked).toEqual({ status: 200, body: { id: session.id, revoked: true } });
    const refused = await call(b, session.token, 'GET', '/appointments');
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: 'unauthorized' } });
    // Again: the session stays revoked, and saying so again is not an error.
    expect((await call(b, key.secret_key, 'DELETE', `/sessions/${session.id}`)).status).toBe(200);
    const [audit] = await db.sql`
      select actor, action, target_id from audit_entries where action = 'session.revoked'
      order by id limit 1`;
    expect(audit).toEqual({
      actor: `api_key:${key.id}`,
      action: 'session.revoked',
      target_id: session.id,
    });
  });

  it('a session revokes itself, and nothing else', async () => {
    const mine = await mint(a, key.secret_key, 'u2');
    const sameUser = await mint(a, key.secret_key, 'u2');
    const otherUser = await mint(a, key.secret_key, 'u3');
    for (const target of [sameUser, otherUser]) {
      const res = await call(a, mine.token, 'DELETE', `/sessions/${target.id}`);
      expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
      expect(await works(b, target.token)).toBe(200);
    }
    expect((await call(b, mine.token, 'DELETE', `/sessions/${mine.id}`)).status).toBe(200);
    expect(await works(a, mine.token)).toBe(401);
    expect(await works(a, sameUser.token)).toBe(200);
  });

  it('another tenant’s key, an unknown id and a malformed id do not revoke anything', async () => {
    const session = await mint(a, key.secret_key, 'u4');
    const other = await createApiKey(db.sql, (await createTenant(db.sql, 'Other')).id);
    const foreign = await call(b, other.secret_key, 'DELETE', `/sessions/${session.id}`);
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const unknown = await call(b, key.secret_key, 'DELETE', `/sessions/${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    const malformed = await call(b, key.secret_key, 'DELETE', '/sessions/not-a-uuid');
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(await works(a, session.token)).toBe(200);
  });

  it('revoking a secret key revokes every session it minted, in every process', async () => {
    const doomed = await createApiKey(db.sql, tenantId, 'doomed');
    const survivor = await createApiKey(db.sql, tenantId, 'survivor');
    const minted = [await mint(a, doomed.secret_key, 'u5'), await mint(b, doomed.secret_key, 'u6')];
    const kept = await mint(a, survivor.secret_key, 'u5');
    for (const s of minted) expect(await works(b, s.token)).toBe(200);

    const revoked = await revokeApiKey(db.sql, doomed.id);
    expect(revoked).toMatchObject({ id: doomed.id, sessions_revoked: 2 });
    for (const on of [a, b]) {
      expect(await works(on, doomed.secret_key)).toBe(401);
      for (const s of minted) expect(await works(on, s.token)).toBe(401);
      expect(await works(on, kept.token)).toBe(200);
    }
  });

  it('refuses a session whose key was revoked while it was being minted', async () => {
    // The mint checked the key, then the key and its sessions were revoked, then the insert
    // committed: the session row is live but its key is not.
    const racing = await createApiKey(db.sql, tenantId, 'racing');
    await revokeApiKey(db.sql, racing.id);
    const user = await upsertUser(db.sql, tenantId, 'u7');
    const token = 'cst_minted_during_revocation';
    await db.sql`
      insert into session_tokens (tenant_id, user_id, api_key_id, token_hash, created_at, expires_at)
      values (${tenantId}, ${user.id}, ${racing.id}, ${hashToken(token)}, now(), now() + interval '1 hour')`;
    expect(await works(a, token)).toBe(401);
  });

  it('revokes the sessions of unknown key (minted before keys were recorded) with any key of their tenant', async () => {
    const otherTenantId = (await createTenant(db.sql, 'Bystander')).id;
    const legacy = async (tenant: string, userId: string) => {
      const user = await upsertUser(db.sql, tenant, userId);
      const token = `cst_legacy_${tenant}`;
      await db.sql`
        insert into session_tokens (tenant_id, user_id, token_hash, created_at, expires_at)
        values (${tenant}, ${user.id}, ${hashToken(token)}, now(), now() + interval '1 hour')`;
      return token;
    };
    const ours = await legacy(tenantId, 'u8');
    const theirs = await legacy(otherTenantId, 'u9');
    await createApiKey(db.sql, otherTenantId);
    expect(await works(b, ours)).toBe(200);

    const anyKey = await createApiKey(db.sql, tenantId, 'rotated out');
    expect((await revokeApiKey(db.sql, anyKey.id))?.sessions_revoked).toBe(1);
    expect(await works(a, ours)).toBe(401);
    expect(await works(b, theirs)).toBe(200);
  });
});

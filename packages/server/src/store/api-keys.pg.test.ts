import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { createApiKey, findApiKeyBySecret, listApiKeys, revokeApiKey } from './api-keys.js';
import { createTenant } from './tenants.js';

describe('api keys', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('stores only a hash, finds the key by its secret, and stops finding it once revoked', async () => {
    const tenant = await createTenant(db.sql, 'Acme');
    const key = await createApiKey(db.sql, tenant.id, 'backend');
    expect(key.secret_key).toMatch(/^sk_[A-Za-z0-9_-]{40,}$/);
    const stored = await db.sql`select * from api_keys where id = ${key.id}`;
    expect(JSON.stringify(stored)).not.toContain(key.secret_key);
    expect((await findApiKeyBySecret(db.sql, key.secret_key))?.tenant_id).toBe(tenant.id);
    expect(await findApiKeyBySecret(db.sql, key.secret_key + 'x')).toBeUndefined();
    expect(await revokeApiKey(db.sql, key.id)).toEqual({
      id: key.id,
      tenant_id: tenant.id,
      sessions_revoked: 0,
    });
    expect(await revokeApiKey(db.sql, key.id)).toBeUndefined();
    expect(await findApiKeyBySecret(db.sql, key.secret_key)).toBeUndefined();
    const listed = await listApiKeys(db.sql, tenant.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('secret_key');
    expect(listed[0]?.revoked_at).toBeInstanceOf(Date);
  });
});

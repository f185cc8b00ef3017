import type { SQL } from '../db/connect.js';
import { createApiKey } from '../store/api-keys.js';
import { createSession } from '../store/sessions.js';
import { createTenant } from '../store/tenants.js';
import { upsertUser } from '../store/users.js';

/** A tenant with a secret key, and a way to mint session tokens for its users. */
export interface TenantFixture {
  tenantId: string;
  secretKey: string;
  /** Creates the user if needed; returns its internal id and a session token. */
  user(externalId: string): Promise<{ userId: string; token: string }>;
}

/**
 * Creates a tenant, its secret key, and session tokens on demand (valid for a day from `now`).
 *
 * @example
 * const acme = await createTenantFixture(db.sql, 'Acme', t.clock.now);
 * const { token } = await acme.user('u1');
 */
export async function createTenantFixture(
  sql: SQL,
  name: string,
  now: () => Date,
): Promise<TenantFixture> {
  const tenant = await createTenant(sql, name);
  const { id: apiKeyId, secret_key } = await createApiKey(sql, tenant.id);
  return {
    tenantId: tenant.id,
    secretKey: secret_key,
    user: async (externalId) => {
      const user = await upsertUser(sql, tenant.id, externalId);
      const { token } = await createSession(sql, {
        tenantId: tenant.id,
        userId: user.id,
        apiKeyId,
        now: now(),
        ttlSeconds: 86_400,
      });
      return { userId: user.id, token };
    },
  };
}

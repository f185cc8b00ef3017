import type { SQL } from '../db/connect.js';
import { generateToken, hashToken } from '../crypto/secrets.js';

/** A stored API key, without the secret (which is never stored). */
export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  name: string | null;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** A key just created: the only moment its secret is known. */
export interface CreatedApiKey extends ApiKeyRow {
  secret_key: string;
}

const SECRET_KEY_PREFIX = 'sk_';
const SHOWN_PREFIX_LENGTH = 10;

/** Creates a secret key for a tenant and returns it once. */
export async function createApiKey(
  sql: SQL,
  tenantId: string,
  name: string | null = null,
): Promise<CreatedApiKey> {
  const secret = generateToken(SECRET_KEY_PREFIX, 32);
  const [row] = await sql<ApiKeyRow[]>`
    insert into api_keys (tenant_id, name, prefix, key_hash)
    values (${tenantId}, ${name}, ${secret.slice(0, SHOWN_PREFIX_LENGTH)}, ${hashToken(secret)})
    returning id, tenant_id, name, prefix, created_at, last_used_at, revoked_at`;
  return { ...row!, secret_key: secret };
}

/** What revoking a key did. */
export interface RevokedApiKey {
  id: string;
  tenant_id: string;
  /** Live sessions revoked with it: those it minted, and the tenant's sessions of unknown key. */
  sessions_revoked: number;
}

/**
 * Revokes a key and, in the same transaction, every live session it minted. Sessions minted
 * before sessions recorded their key (`api_key_id` null) are revoked with any key of their
 * tenant, since which key minted them is unknown. Undefined when no live key has that id.
 *
 * @example
 * const revoked = await revokeApiKey(sql, keyId);
 * if (!revoked) throw new Error('no live key');
 */
export async function revokeApiKey(sql: SQL, keyId: string): Promise<RevokedApiKey | undefined> {
  return sql.begin(async (tx) => {
    const [key] = await tx<{ id: string; tenant_id: string }[]>`
      update api_keys set revoked_at = now() where id = ${keyId} and revoked_at is null
      returning id, tenant_id`;
    if (!key) return undefined;
    const sessions = await tx`
      update session_tokens set revoked_at = now()
      where revoked_at is null
        and (api_key_id = ${key.id} or (api_key_id is null and tenant_id = ${key.tenant_id}))
      returning id`;
    return { id: key.id, tenant_id: key.tenant_id, sessions_revoked: sessions.length };
  });
}

/** Finds the live key matching a presented secret; undefined when unknown or revoked. */
export async function findApiKeyBySecret(sql: SQL, secret: string): Promise<ApiKeyRow | undefined> {
  const [row] = await sql<ApiKeyRow[]>`
    select id, tenant_id, name, prefix, created_at, last_used_at, revoked_at
    from api_keys where key_hash = ${hashToken(secret)} and revoked_at is null`;
  return row;
}

/** Lists a tenant's keys (secrets excluded). */
export async function listApiKeys(sql: SQL, tenantId: string): Promise<ApiKeyRow[]> {
  return sql<ApiKeyRow[]>`
    select id, tenant_id, name, prefix, created_at, last_used_at, revoked_at
    from api_keys where tenant_id = ${tenantId} order by created_at`;
}

import { generateToken, hashToken } from '../crypto/secrets.js';
import type { Db } from '../db/connect.js';

/** A live session token joined with its user. */
export interface SessionRow {
  id: string;
  tenant_id: string;
  user_id: string;
  external_user_id: string;
  expires_at: Date;
}

/** The prefix of session tokens. */
export const SESSION_TOKEN_PREFIX = 'cst_';

/**
 * Mints a session token for one user, remembering the secret key that asked for it (revoking
 * the key revokes the session); only the token's hash is stored.
 */
export async function createSession(
  sql: Db,
  input: { tenantId: string; userId: string; apiKeyId: string; now: Date; ttlSeconds: number },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = generateToken(SESSION_TOKEN_PREFIX, 32);
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  const [row] = await sql<{ id: string }[]>`
    insert into session_tokens (tenant_id, user_id, api_key_id, token_hash, created_at, expires_at)
    values (${input.tenantId}, ${input.userId}, ${input.apiKeyId}, ${hashToken(token)},
      ${input.now}, ${expiresAt})
    returning id`;
  return { id: row!.id, token, expiresAt };
}

/**
 * The live session for a presented token; undefined when unknown, expired or revoked, or when
 * the key that minted it has been revoked (a session minted while its key was being revoked).
 * Read from the database on every request, so a revocation holds at once in every process.
 */
export async function findLiveSession(
  sql: Db,
  token: string,
  now: Date,
): Promise<SessionRow | undefined> {
  const [row] = await sql<SessionRow[]>`
    select s.id, s.tenant_id, s.user_id, u.external_id as external_user_id, s.expires_at
    from session_tokens s
      join users u on u.id = s.user_id
      left join api_keys k on k.id = s.api_key_id
    where s.token_hash = ${hashToken(token)} and s.revoked_at is null and s.expires_at > ${now}
      and k.revoked_at is null`;
  return row;
}

/** Whether a session (by id) still works: the question a long-lived response asks again. */
export async function isSessionLive(sql: Db, sessionId: string, now: Date): Promise<boolean> {
  const rows = await sql`
    select 1 from session_tokens s left join api_keys k on k.id = s.api_key_id
    where s.id = ${sessionId} and s.revoked_at is null and s.expires_at > ${now}
      and k.revoked_at is null`;
  return rows.length > 0;
}

/**
 * Revokes one session of a tenant. Returns false when the tenant has no such session, so callers
 * answer 404. Revoking a session already revoked or expired succeeds again: the outcome the
 * caller wants holds, and the first revocation time is kept.
 */
export async function revokeSession(
  sql: Db,
  input: { tenantId: string; sessionId: string },
): Promise<boolean> {
  const rows = await sql`
    update session_tokens set revoked_at = coalesce(revoked_at, now())
    where id = ${input.sessionId} and tenant_id = ${input.tenantId}
    returning id`;
  return rows.length === 1;
}

/** Revokes every session of a user (disconnect-all, erase). */
export async function revokeUserSessions(sql: Db, userId: string): Promise<number> {
  const rows = await sql`
    update session_tokens set revoked_at = now() where user_id = ${userId} and revoked_at is null
    returning id`;
  return rows.length;
}

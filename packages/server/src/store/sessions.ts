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

/** Mints a session token for one user; only its hash is stored. */
export async function createSession(
  sql: Db,
  input: { tenantId: string; userId: string; now: Date; ttlSeconds: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken(SESSION_TOKEN_PREFIX, 32);
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  await sql`
    insert into session_tokens (tenant_id, user_id, token_hash, created_at, expires_at)
    values (${input.tenantId}, ${input.userId}, ${hashToken(token)}, ${input.now}, ${expiresAt})`;
  return { token, expiresAt };
}

/** The live session for a presented token; undefined when unknown, expired or revoked. */
export async function findLiveSession(
  sql: Db,
  token: string,
  now: Date,
): Promise<SessionRow | undefined> {
  const [row] = await sql<SessionRow[]>`
    select s.id, s.tenant_id, s.user_id, u.external_id as external_user_id, s.expires_at
    from session_tokens s join users u on u.id = s.user_id
    where s.token_hash = ${hashToken(token)} and s.revoked_at is null and s.expires_at > ${now}`;
  return row;
}

/** Revokes every session of a user (disconnect-all, erase). */
export async function revokeUserSessions(sql: Db, userId: string): Promise<number> {
  const rows = await sql`
    update session_tokens set revoked_at = now() where user_id = ${userId} and revoked_at is null
    returning id`;
  return rows.length;
}

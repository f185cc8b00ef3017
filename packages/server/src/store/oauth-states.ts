import { hashToken } from '../crypto/secrets.js';
import type { Db } from '../db/connect.js';

/** A pending OAuth authorisation: who asked, the PKCE verifier (encrypted) and the settings. */
export interface OAuthStateRow {
  tenant_id: string;
  user_id: string;
  provider: 'google' | 'microsoft';
  code_verifier: string;
  redirect_uri: string;
  settings: Record<string, unknown>;
  expires_at: Date;
}

/** How long a consent screen may stay open. */
export const OAUTH_STATE_TTL_MS = 15 * 60_000;

/** Stores a state (hashed) with its encrypted verifier. */
export async function saveOAuthState(
  db: Db,
  input: Omit<OAuthStateRow, 'expires_at'> & { state: string; now: Date },
): Promise<void> {
  await db`
    insert into oauth_states (state_hash, tenant_id, user_id, provider, code_verifier, redirect_uri,
      settings, created_at, expires_at)
    values (${hashToken(input.state)}, ${input.tenant_id}, ${input.user_id}, ${input.provider},
      ${input.code_verifier}, ${input.redirect_uri}, ${db.json(input.settings as never)}, ${input.now},
      ${new Date(input.now.getTime() + OAUTH_STATE_TTL_MS)})`;
}

/**
 * Takes a state exactly once: marks it used and returns it, or undefined when it is unknown,
 * expired, already used, or for another provider.
 */
export async function consumeOAuthState(
  db: Db,
  input: { state: string; provider: 'google' | 'microsoft'; now: Date },
): Promise<OAuthStateRow | undefined> {
  const [row] = await db<OAuthStateRow[]>`
    update oauth_states set used_at = ${input.now}
    where state_hash = ${hashToken(input.state)} and provider = ${input.provider}
      and used_at is null and expires_at > ${input.now}
    returning tenant_id, user_id, provider, code_verifier, redirect_uri, settings, expires_at`;
  return row;
}

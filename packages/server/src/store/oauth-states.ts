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

/** A state as stored, before anyone completes it. */
export interface PendingOAuthStateRow extends OAuthStateRow {
  login_hint: string | null;
  browser_hash: Buffer | null;
  started_at: Date | null;
  used_at: Date | null;
}

/** How long a consent screen may stay open. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

/** How long the start ticket of a state may wait before the sign-in window opens it. */
export const OAUTH_START_TTL_MS = 60_000;

/** Stores a state (hashed) with its encrypted verifier. */
export async function saveOAuthState(
  db: Db,
  input: Omit<OAuthStateRow, 'expires_at'> & {
    state: string;
    login_hint?: string | null;
    now: Date;
  },
): Promise<void> {
  await db`
    insert into oauth_states (state_hash, tenant_id, user_id, provider, code_verifier, redirect_uri,
      settings, login_hint, created_at, expires_at)
    values (${hashToken(input.state)}, ${input.tenant_id}, ${input.user_id}, ${input.provider},
      ${input.code_verifier}, ${input.redirect_uri}, ${db.json(input.settings as never)},
      ${input.login_hint ?? null}, ${input.now},
      ${new Date(input.now.getTime() + OAUTH_STATE_TTL_MS)})`;
}

/**
 * Uses a state's start ticket, once: binds the state to the browser whose nonce hashes to
 * `browserHash` and returns it, or undefined when the state is unknown, for another provider or
 * redirect URI, already started or used, or its ticket (or the state) expired.
 */
export async function startOAuthState(
  db: Db,
  input: {
    state: string;
    provider: 'google' | 'microsoft';
    redirectUri: string;
    browserHash: Buffer;
    now: Date;
  },
): Promise<(OAuthStateRow & { login_hint: string | null }) | undefined> {
  const startBy = new Date(input.now.getTime() - OAUTH_START_TTL_MS);
  const [row] = await db<(OAuthStateRow & { login_hint: string | null })[]>`
    update oauth_states set started_at = ${input.now}, browser_hash = ${input.browserHash}
    where state_hash = ${hashToken(input.state)} and provider = ${input.provider}
      and redirect_uri = ${input.redirectUri} and started_at is null and used_at is null
      and created_at > ${startBy} and expires_at > ${input.now}
    returning tenant_id, user_id, provider, code_verifier, redirect_uri, settings, expires_at, login_hint`;
  return row;
}

/** Reads a state without using it (to check who may complete it first). */
export async function findOAuthState(
  db: Db,
  input: { state: string; provider: 'google' | 'microsoft' },
): Promise<PendingOAuthStateRow | undefined> {
  const [row] = await db<PendingOAuthStateRow[]>`
    select tenant_id, user_id, provider, code_verifier, redirect_uri, settings, expires_at, login_hint, browser_hash, started_at, used_at
    from oauth_states
    where state_hash = ${hashToken(input.state)} and provider = ${input.provider}`;
  return row;
}

/**
 * Takes a state exactly once: marks it used and returns it, or undefined when it is unknown,
 * expired, already used, for another provider — or, when `browserHash` is given, bound to
 * another browser (or to none).
 */
export async function consumeOAuthState(
  db: Db,
  input: {
    state: string;
    provider: 'google' | 'microsoft';
    now: Date;
    browserHash?: Buffer;
  },
): Promise<OAuthStateRow | undefined> {
  const browser = input.browserHash
    ? db`and browser_hash = ${input.browserHash}`
    : db`and browser_hash is null`;
  const [row] = await db<OAuthStateRow[]>`
    update oauth_states set used_at = ${input.now}
    where state_hash = ${hashToken(input.state)} and provider = ${input.provider}
      and used_at is null and expires_at > ${input.now} ${browser}
    returning tenant_id, user_id, provider, code_verifier, redirect_uri, settings, expires_at`;
  return row;
}

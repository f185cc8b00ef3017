import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hashToken } from '../crypto/secrets.js';

/**
 * Binding an OAuth state to the browser that started it.
 *
 * The authenticated `authorize` call mints a single-use start ticket; the sign-in window opens
 * Calsync's start URL with it, which sets a random nonce in an HttpOnly cookie, stores the
 * nonce's hash with the state and redirects to the provider. The callback completes the flow only
 * for the browser that presents that cookie. The state is derived from the ticket, so no secret
 * beyond the hashes is stored.
 */

/** What a start ticket looks like in the start URL: 32 random bytes, base64url. */
export const START_TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** What a state Calsync issued looks like (tickets' derived states and plain ones). */
export const STATE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** A new start ticket and the OAuth state it stands for. */
export function createStartTicket(): { ticket: string; state: string } {
  const ticket = randomBytes(32).toString('base64url');
  return { ticket, state: stateForTicket(ticket) };
}

/** The OAuth state a start ticket stands for (one-way: the state does not reveal the ticket). */
export function stateForTicket(ticket: string): string {
  return createHash('sha256').update(`calsync-oauth-state:${ticket}`).digest('base64url');
}

/** A new browser nonce, the cookie's value. */
export function createBrowserNonce(): string {
  return randomBytes(32).toString('base64url');
}

/** The cookie holding a state's nonce: one per state, so two sign-ins in one browser coexist. */
export function bindingCookieName(state: string): string {
  return `calsync_oauth_${createHash('sha256').update(state).digest('hex').slice(0, 16)}`;
}

/** Whether a nonce from a cookie is the one a state was bound to. */
export function nonceMatches(nonce: string | undefined, browserHash: Buffer | null): boolean {
  if (!nonce || !browserHash) return false;
  const presented = hashToken(nonce);
  return presented.length === browserHash.length && timingSafeEqual(presented, browserHash);
}

/** The server's own callback page of a provider: the default (and browser-bound) redirect URI. */
export function serverCallbackUri(baseUrl: string, provider: 'google' | 'outlook'): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/calendar-integrations/${provider}/callback`;
}

/** The start URL the sign-in window opens. */
export function serverStartUri(
  baseUrl: string,
  provider: 'google' | 'outlook',
  ticket: string,
): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1/calendar-integrations/${provider}/start?ticket=${ticket}`;
}

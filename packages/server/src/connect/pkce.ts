import { createHash, randomBytes } from 'node:crypto';

/** The S256 challenge of a PKCE verifier. */
export function challengeFor(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

/** A PKCE S256 verifier and its challenge. */
export function createPKCE(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: challengeFor(codeVerifier) };
}

/** An unguessable OAuth `state`. */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}

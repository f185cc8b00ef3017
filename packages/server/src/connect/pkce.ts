import { createHash, randomBytes } from 'node:crypto';

/** A PKCE S256 verifier and its challenge. */
export function createPKCE(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString('base64url');
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  return { codeVerifier, codeChallenge };
}

/** An unguessable OAuth `state`. */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}

import type { Keyring } from '../crypto/keyring.js';

/**
 * What a connection's encrypted envelope holds. OAuth providers use the token fields; CalDAV
 * uses username and password (an app-specific password for iCloud). Anything else a provider
 * needs rides along in `extra`.
 */
export interface StoredCredentials {
  readonly accessToken?: string;
  readonly refreshToken?: string;
  /** ISO instant the access token stops working; absent for credentials that do not expire. */
  readonly accessTokenExpiresAt?: string | null;
  readonly username?: string;
  readonly password?: string;
  readonly scope?: string;
  readonly extra?: Readonly<Record<string, string>>;
}

/** An encrypted envelope ready for `connections.credentials`. */
export interface SealedCredentials {
  readonly envelope: string;
  readonly keyId: string;
  readonly accessTokenExpiresAt: Date | null;
}

/**
 * Encrypts credentials with the keyring's current key.
 *
 * @example
 * const sealed = sealCredentials(ctx.keyring, { accessToken, refreshToken, accessTokenExpiresAt });
 */
export function sealCredentials(
  keyring: Keyring,
  credentials: StoredCredentials,
): SealedCredentials {
  return {
    envelope: keyring.encrypt(JSON.stringify(credentials)),
    keyId: keyring.currentKeyId,
    accessTokenExpiresAt: credentials.accessTokenExpiresAt
      ? new Date(credentials.accessTokenExpiresAt)
      : null,
  };
}

/** Decrypts a connection's envelope; throws `DecryptionError` when the key is missing or it was altered. */
export function openCredentials(keyring: Keyring, envelope: string): StoredCredentials {
  return JSON.parse(keyring.decrypt(envelope)) as StoredCredentials;
}

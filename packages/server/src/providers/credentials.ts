import type { Keyring } from '../crypto/keyring.js';
import { secretBinding } from '../crypto/secret-binding.js';

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

/** The row a connection's envelope is bound to (a `ConnectionRow` will do). */
export interface ConnectionIdentity {
  readonly id: string;
  readonly tenant_id: string;
}

/**
 * Encrypts credentials with the keyring's current key, bound to the connection's row: the id
 * must be known before the row is inserted.
 *
 * @example
 * const sealed = sealCredentials(ctx.keyring, connection, { accessToken, refreshToken, accessTokenExpiresAt });
 */
export function sealCredentials(
  keyring: Keyring,
  connection: ConnectionIdentity,
  credentials: StoredCredentials,
): SealedCredentials {
  return {
    envelope: keyring.encrypt(
      JSON.stringify(credentials),
      secretBinding.connectionCredentials(connection.tenant_id, connection.id),
    ),
    keyId: keyring.currentKeyId,
    accessTokenExpiresAt: credentials.accessTokenExpiresAt
      ? new Date(credentials.accessTokenExpiresAt)
      : null,
  };
}

/**
 * Decrypts a connection's envelope; throws `DecryptionError` when the key is missing, it was
 * altered or it was copied from another connection.
 */
export function openCredentials(
  keyring: Keyring,
  connection: ConnectionIdentity,
  envelope: string,
): StoredCredentials {
  return JSON.parse(
    keyring.decrypt(
      envelope,
      secretBinding.connectionCredentials(connection.tenant_id, connection.id),
    ),
  ) as StoredCredentials;
}

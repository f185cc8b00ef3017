import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { bindingAad, type SecretBinding } from './secret-binding.js';

/** One AES-256 key with its id. */
export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** A bad `CALSYNC_ENCRYPTION_KEYS` value. */
export class InvalidKeyringError extends Error {
  override readonly name = 'InvalidKeyringError';
  readonly code = 'invalid_keyring';
}

/**
 * A ciphertext that cannot be decrypted: unknown key id, tampered, truncated, copied from another
 * row or tenant, or an unbound envelope a keyring no longer accepts.
 */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
  readonly code = 'decryption_failed';
  /**
   * Why: `unknown_key` (this process does not hold the envelope's key id: a configuration
   * problem, not the data's), `malformed`, `unbound_refused` or `rejected` (altered, copied from
   * another row, or other key material under that id).
   */
  readonly reason: DecryptionFailure;
  /** The envelope's key id, when it names one. */
  readonly keyId: string | undefined;
  constructor(
    message: string,
    options: { reason: DecryptionFailure; keyId?: string | undefined; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.reason = options.reason;
    this.keyId = options.keyId;
  }
}

/** What {@link DecryptionError.reason} says. */
export type DecryptionFailure = 'unknown_key' | 'malformed' | 'unbound_refused' | 'rejected';

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** Envelopes bound to their row (associated data: version, key id and {@link SecretBinding}). */
const BOUND_VERSION = 'v2';
/** Envelopes of earlier releases, with no binding; read only while the keyring accepts them. */
const UNBOUND_VERSION = 'v1';

/** What a keyring does with an unbound (`v1`) envelope. */
export type UnboundEnvelopes = 'accept' | 'refuse';

/**
 * Encrypts secrets at rest with AES-256-GCM. The first key encrypts; every key decrypts, so keys
 * rotate by putting a new key first and re-encrypting (`calsync keys rotate-encryption`).
 *
 * Envelope: `v2.<key id>.<iv>.<auth tag>.<ciphertext>` (base64url parts). Its associated data
 * holds the version, the key id and the {@link SecretBinding} (tenant, table, column, row), so an
 * envelope copied anywhere else fails with `DecryptionError`. Envelopes of earlier releases
 * (`v1`, no binding) are read only by a keyring made with `unbound: 'accept'`
 * ({@link Keyring.acceptingUnbound}); the start-up step rewrites them bound.
 *
 * @example
 * const ring = Keyring.parse('k1:' + randomBytes(32).toString('base64'));
 * const where = secretBinding.connectionCredentials(tenantId, connectionId);
 * const box = ring.encrypt('refresh-token', where);
 * ring.decrypt(box, where); // 'refresh-token'
 */
export class Keyring {
  private readonly byId: Map<string, Buffer>;
  /** `accept` only while unbound envelopes may remain in the database. */
  readonly unbound: UnboundEnvelopes;

  constructor(
    readonly keys: readonly EncryptionKey[],
    options: { unbound?: UnboundEnvelopes } = {},
  ) {
    if (keys.length === 0) throw new InvalidKeyringError('at least one encryption key is needed');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    if (this.byId.size !== keys.length) throw new InvalidKeyringError('key ids must be unique');
    this.unbound = options.unbound ?? 'refuse';
  }

  /** Parses `kid:base64key[,kid:base64key…]`; each key must be 32 bytes. */
  static parse(value: string, options: { unbound?: UnboundEnvelopes } = {}): Keyring {
    const keys = value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const colon = part.indexOf(':');
        const id = colon > 0 ? part.slice(0, colon) : '';
        if (!KEY_ID_PATTERN.test(id)) {
          throw new InvalidKeyringError(
            'each key must look like kid:base64key (kid: letters, digits, _ or -)',
          );
        }
        const key = Buffer.from(part.slice(colon + 1), 'base64');
        if (key.length !== 32) {
          throw new InvalidKeyringError(`key ${id} must be 32 bytes of base64 (got ${key.length})`);
        }
        return { id, key };
      });
    return new Keyring(keys, options);
  }

  /** A new random key in `kid:base64key` form. */
  static generateKeySpec(id: string = 'k' + Date.now().toString(36)): string {
    return `${id}:${randomBytes(32).toString('base64')}`;
  }

  /** The id of the key new envelopes are written with. */
  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  /** The same keys, also reading unbound (`v1`) envelopes: for the steps that rewrite them. */
  acceptingUnbound(): Keyring {
    return this.unbound === 'accept' ? this : new Keyring(this.keys, { unbound: 'accept' });
  }

  /** The same keys, refusing unbound (`v1`) envelopes: once none are left. */
  refusingUnbound(): Keyring {
    return this.unbound === 'refuse' ? this : new Keyring(this.keys, { unbound: 'refuse' });
  }

  /** Encrypts `plaintext` with the current key into a `v2` envelope bound to `binding`. */
  encrypt(plaintext: string, binding: SecretBinding): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aadOf(BOUND_VERSION, id, binding));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [BOUND_VERSION, id, iv, tag, body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * Decrypts an envelope stored at `binding`. Throws `DecryptionError` when the key is unknown,
   * the envelope was altered or belongs to another row, column or tenant, or it is an unbound
   * `v1` envelope and this keyring refuses those.
   */
  decrypt(envelope: string, binding: SecretBinding): string {
    const [version, id, iv, tag, body] = envelope.split('.');
    if (
      (version !== BOUND_VERSION && version !== UNBOUND_VERSION) ||
      !id ||
      !iv ||
      !tag ||
      body === undefined
    ) {
      throw new DecryptionError('not a Calsync encryption envelope', { reason: 'malformed' });
    }
    if (version === UNBOUND_VERSION && this.unbound === 'refuse') {
      throw new DecryptionError('unbound (v1) envelopes are no longer accepted', {
        reason: 'unbound_refused',
        keyId: id,
      });
    }
    const key = this.byId.get(id);
    if (!key) {
      throw new DecryptionError(`encryption key ${id} is not configured`, {
        reason: 'unknown_key',
        keyId: id,
      });
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(
        version === BOUND_VERSION ? aadOf(version, id, binding) : Buffer.from(`${version}.${id}`),
      );
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (cause) {
      throw new DecryptionError(
        'ciphertext was altered, belongs to another row or the key is wrong',
        { reason: 'rejected', keyId: id, cause },
      );
    }
  }

  /** The key id an envelope was written with. */
  static keyIdOf(envelope: string): string | undefined {
    return envelope.split('.')[1];
  }

  /** True for an envelope bound to its row (`v2`). */
  static isBound(envelope: string): boolean {
    return envelope.startsWith(`${BOUND_VERSION}.`);
  }
}

function aadOf(version: string, keyId: string, binding: SecretBinding): Buffer {
  return Buffer.from(`${version}.${keyId}.${bindingAad(binding)}`);
}

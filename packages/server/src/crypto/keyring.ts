import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

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

/** A ciphertext that cannot be decrypted: unknown key id, tampered or truncated. */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
  readonly code = 'decryption_failed';
}

const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const ENVELOPE_VERSION = 'v1';

/**
 * Encrypts secrets at rest with AES-256-GCM. The first key encrypts; every key decrypts, so keys
 * rotate by putting a new key first and re-encrypting (`calsync keys rotate-encryption`).
 *
 * Envelope: `v1.<key id>.<iv>.<auth tag>.<ciphertext>` (base64url parts).
 *
 * @example
 * const ring = Keyring.parse('k1:' + randomBytes(32).toString('base64'));
 * const box = ring.encrypt('refresh-token');
 * ring.decrypt(box); // 'refresh-token'
 */
export class Keyring {
  private readonly byId: Map<string, Buffer>;

  constructor(readonly keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new InvalidKeyringError('at least one encryption key is needed');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    if (this.byId.size !== keys.length) throw new InvalidKeyringError('key ids must be unique');
  }

  /** Parses `kid:base64key[,kid:base64key…]`; each key must be 32 bytes. */
  static parse(value: string): Keyring {
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
    return new Keyring(keys);
  }

  /** A new random key in `kid:base64key` form. */
  static generateKeySpec(id: string = 'k' + Date.now().toString(36)): string {
    return `${id}:${randomBytes(32).toString('base64')}`;
  }

  /** The id of the key new envelopes are written with. */
  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  encrypt(plaintext: string): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(`${ENVELOPE_VERSION}.${id}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [ENVELOPE_VERSION, id, iv, tag, body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  decrypt(envelope: string): string {
    const [version, id, iv, tag, body] = envelope.split('.');
    if (version !== ENVELOPE_VERSION || !id || !iv || !tag || body === undefined) {
      throw new DecryptionError('not a Calsync encryption envelope');
    }
    const key = this.byId.get(id);
    if (!key) throw new DecryptionError(`encryption key ${id} is not configured`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${version}.${id}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (cause) {
      throw new DecryptionError('ciphertext was altered or the key is wrong', { cause });
    }
  }

  /** The key id an envelope was written with. */
  static keyIdOf(envelope: string): string | undefined {
    return envelope.split('.')[1];
  }
}

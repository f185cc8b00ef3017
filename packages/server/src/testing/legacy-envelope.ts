import { createCipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../crypto/keyring.js';

/**
 * An unbound `v1` envelope exactly as releases before row binding wrote it (associated data:
 * version and key id only), for tests of reading and migrating old data.
 *
 * @example
 * const old = legacyEnvelope(keyring.keys[0]!, 'refresh-token');
 */
export function legacyEnvelope(key: EncryptionKey, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(`v1.${key.id}`));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', key.id, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

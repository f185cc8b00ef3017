import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, InvalidKeyringError, Keyring } from './keyring.js';

const spec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('Keyring', () => {
  it('round-trips a secret and never leaves it readable in the envelope', () => {
    const ring = Keyring.parse(spec('k1'));
    const box = ring.encrypt('refresh-token-123');
    expect(box).not.toContain('refresh-token-123');
    expect(box.startsWith('v1.k1.')).toBe(true);
    expect(ring.decrypt(box)).toBe('refresh-token-123');
  });

  it('uses a fresh IV per encryption', () => {
    const ring = Keyring.parse(spec('k1'));
    expect(ring.encrypt('same')).not.toBe(ring.encrypt('same'));
  });

  it('decrypts with an older key after rotation and encrypts with the newest', () => {
    const oldSpec = spec('old');
    const before = Keyring.parse(oldSpec).encrypt('s');
    const rotated = Keyring.parse(`${spec('new')},${oldSpec}`);
    expect(rotated.decrypt(before)).toBe('s');
    expect(Keyring.keyIdOf(rotated.encrypt('s'))).toBe('new');
  });

  it('detects tampering, unknown keys and garbage', () => {
    const ring = Keyring.parse(spec('k1'));
    const box = ring.encrypt('secret');
    const parts = box.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => ring.decrypt(parts.join('.'))).toThrow(DecryptionError);
    expect(() => Keyring.parse(spec('k2')).decrypt(box)).toThrow(/k1 is not configured/);
    expect(() => ring.decrypt('not-an-envelope')).toThrow(DecryptionError);
  });

  it.each([
    ['', /at least one/],
    ['nokey', /kid:base64key/],
    [`k1:${randomBytes(16).toString('base64')}`, /32 bytes/],
    [`${spec('k1')},${spec('k1')}`, /unique/],
  ])('rejects the keyring spec %j', (value, message) => {
    expect(() => Keyring.parse(value)).toThrow(InvalidKeyringError);
    expect(() => Keyring.parse(value)).toThrow(message);
  });
});

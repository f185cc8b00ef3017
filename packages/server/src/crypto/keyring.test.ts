import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { legacyEnvelope } from '../testing/legacy-envelope.js';
import { DecryptionError, InvalidKeyringError, Keyring } from './keyring.js';
import { secretBinding } from './secret-binding.js';

const spec = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const ROW = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const OTHER_ROW = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const here = secretBinding.connectionCredentials(TENANT, ROW);

describe('Keyring', () => {
  it('round-trips a secret and never leaves it readable in the envelope', () => {
    const ring = Keyring.parse(spec('k1'));
    const box = ring.encrypt('refresh-token-123', here);
    expect(box).not.toContain('refresh-token-123');
    expect(box.startsWith('v2.k1.')).toBe(true);
    expect(Keyring.isBound(box)).toBe(true);
    expect(ring.decrypt(box, here)).toBe('refresh-token-123');
  });

  it('uses a fresh IV per encryption', () => {
    const ring = Keyring.parse(spec('k1'));
    expect(ring.encrypt('same', here)).not.toBe(ring.encrypt('same', here));
  });

  it('refuses an envelope read for another row, tenant, column or table', () => {
    const ring = Keyring.parse(spec('k1'));
    const box = ring.encrypt('refresh-token', here);
    for (const elsewhere of [
      secretBinding.connectionCredentials(TENANT, OTHER_ROW),
      secretBinding.connectionCredentials(OTHER_TENANT, ROW),
      secretBinding.webhookEndpointSecret(TENANT, ROW),
      secretBinding.videoMeetingPasscode(TENANT, ROW),
      { tenantId: TENANT, table: 'connections', column: 'other', rowId: ROW },
    ]) {
      expect(() => ring.decrypt(box, elsewhere)).toThrow(DecryptionError);
    }
    expect(ring.decrypt(box, { ...here })).toBe('refresh-token');
  });

  it('cannot be fooled by ids that contain the separators', () => {
    const ring = Keyring.parse(spec('k1'));
    const a = { tenantId: 't', table: 'x', column: 'c', rowId: 'a.b' };
    const b = { tenantId: 't', table: 'x', column: 'c.a', rowId: 'b' };
    expect(() => ring.decrypt(ring.encrypt('s', a), b)).toThrow(DecryptionError);
  });

  it('binds OAuth state verifiers to the hash of their state', () => {
    const ring = Keyring.parse(spec('k1'));
    const mine = secretBinding.oauthStateVerifier(TENANT, Buffer.from('state-a'));
    const theirs = secretBinding.oauthStateVerifier(TENANT, Buffer.from('state-b'));
    expect(() => ring.decrypt(ring.encrypt('verifier', mine), theirs)).toThrow(DecryptionError);
  });

  it('reads unbound v1 envelopes only when told to accept them', () => {
    const ring = Keyring.parse(spec('k1'));
    const old = legacyEnvelope(ring.keys[0]!, 'from-an-old-release');
    expect(ring.unbound).toBe('refuse');
    expect(() => ring.decrypt(old, here)).toThrow(/no longer accepted/);
    const accepting = ring.acceptingUnbound();
    expect(accepting.decrypt(old, here)).toBe('from-an-old-release');
    expect(Keyring.isBound(old)).toBe(false);
    expect(accepting.refusingUnbound().unbound).toBe('refuse');
    // Accepting v1 does not loosen the binding of v2 envelopes.
    const box = accepting.encrypt('s', here);
    expect(() =>
      accepting.decrypt(box, secretBinding.connectionCredentials(TENANT, OTHER_ROW)),
    ).toThrow(DecryptionError);
  });

  it('decrypts with an older key after rotation and encrypts with the newest', () => {
    const oldSpec = spec('old');
    const before = Keyring.parse(oldSpec).encrypt('s', here);
    const rotated = Keyring.parse(`${spec('new')},${oldSpec}`);
    expect(rotated.decrypt(before, here)).toBe('s');
    expect(Keyring.keyIdOf(rotated.encrypt('s', here))).toBe('new');
  });

  it('detects tampering, unknown keys and garbage', () => {
    const ring = Keyring.parse(spec('k1'));
    const box = ring.encrypt('secret', here);
    const parts = box.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => ring.decrypt(parts.join('.'), here)).toThrow(DecryptionError);
    expect(() => Keyring.parse(spec('k2')).decrypt(box, here)).toThrow(/k1 is not configured/);
    expect(() => ring.decrypt('not-an-envelope', here)).toThrow(DecryptionError);
    // A v2 envelope relabelled v1 does not pass as an unbound one.
    const relabelled = ['v1', ...box.split('.').slice(1)].join('.');
    expect(() => ring.acceptingUnbound().decrypt(relabelled, here)).toThrow(DecryptionError);
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

import { describe, expect, it } from 'vitest';
import { nonPublicReason, PUBLIC_ONLY } from './address-policy.js';
import { resolvedTargetRefusal } from './target-url.js';

describe('webhook and CalDAV target checks', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['93.184.216.34', false],
    ['2606:2800:220:1:248:1893:25c8:1946', false],
  ])('%s is not public: %s', (address, expected) => {
    expect(nonPublicReason(address) !== null).toBe(expected);
  });

  it('refuses literal and resolved private targets, allows public ones', async () => {
    const resolve = async (host: string) =>
      host === 'inside.example' ? ['10.0.0.5'] : ['93.184.216.34'];
    expect(
      await resolvedTargetRefusal('http://127.0.0.1:5432/x', PUBLIC_ONLY, resolve),
    ).not.toBeNull();
    expect(await resolvedTargetRefusal('http://[::1]/x', PUBLIC_ONLY, resolve)).not.toBeNull();
    expect(await resolvedTargetRefusal('https://inside.example/x', PUBLIC_ONLY, resolve)).toContain(
      '10.0.0.5',
    );
    expect(await resolvedTargetRefusal('https://host.example/x', PUBLIC_ONLY, resolve)).toBeNull();
  });

  it('leaves a name that does not resolve yet to the check at connect time', async () => {
    const failing = async (): Promise<string[]> => {
      throw new Error('ENOTFOUND');
    };
    expect(
      await resolvedTargetRefusal('https://nowhere.example/x', PUBLIC_ONLY, failing),
    ).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { isPrivateAddress, refuseUnsafeTarget } from './address-guard.js';

describe('webhook target guard', () => {
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
  ])('%s is private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('refuses literal and resolved private targets, allows public ones', async () => {
    const resolve = async (host: string) =>
      host === 'inside.example' ? ['10.0.0.5'] : ['93.184.216.34'];
    expect(await refuseUnsafeTarget('http://127.0.0.1:5432/x', resolve)).toContain('private');
    expect(await refuseUnsafeTarget('http://[::1]/x', resolve)).toContain('private');
    expect(await refuseUnsafeTarget('https://inside.example/x', resolve)).toContain('10.0.0.5');
    expect(await refuseUnsafeTarget('https://host.example/x', resolve)).toBeNull();
    const failing = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(await refuseUnsafeTarget('https://nowhere.example/x', failing)).toContain(
      'cannot resolve',
    );
  });
});

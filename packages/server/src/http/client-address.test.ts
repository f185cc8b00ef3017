import { describe, expect, it } from 'vitest';
import { InvalidTrustedProxyError, TrustedProxies } from './client-address.js';

describe('TrustedProxies', () => {
  it('matches addresses and ranges of both families, IPv4-mapped ones included', () => {
    const proxies = TrustedProxies.parse(' 10.0.0.0/8, 127.0.0.1 ,fd00::/8,::1');
    expect(proxies.size).toBe(4);
    for (const address of ['10.1.2.3', '127.0.0.1', '::ffff:10.9.9.9', 'fd12::1', '::1']) {
      expect(proxies.includes(address)).toBe(true);
    }
    for (const address of ['11.0.0.1', '127.0.0.2', 'fe80::1', 'unknown', '']) {
      expect(proxies.includes(address)).toBe(false);
    }
    expect(TrustedProxies.parse('').size).toBe(0);
    expect(TrustedProxies.none.includes('127.0.0.1')).toBe(false);
  });

  it.each(['proxy.example', '10.0.0.0/33', '10.0.0.0/x', '::1/129', '10.0.0.1/'])(
    'refuses %j',
    (value) => {
      expect(() => TrustedProxies.parse(value)).toThrow(InvalidTrustedProxyError);
    },
  );
});

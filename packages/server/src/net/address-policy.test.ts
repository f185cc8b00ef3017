import { describe, expect, it } from 'vitest';
import {
  ANY_ADDRESS,
  createAddressPolicy,
  InvalidAllowListError,
  nonPublicReason,
  parseAllowList,
  PUBLIC_ONLY,
} from './address-policy.js';
import { literalTargetRefusal } from './target-url.js';

/** Every spelling a URL parser accepts for a non-public target. */
const REFUSED_SPELLINGS = [
  'http://127.0.0.1/',
  'http://2130706433/',
  'http://0177.0.0.1/',
  'http://0x7f.0.0.1/',
  'http://0x7f000001/',
  'http://127.1/',
  'http://017700000001/',
  'http://0.0.0.0/',
  'http://0/',
  'http://localhost/',
  'http://LOCALHOST./',
  'http://calsync.localhost/',
  'http://[::1]/',
  'http://[::]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::ffff:0:a00:1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:c0a8:101::1]/',
  'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  'http://[::127.0.0.1]/',
  'http://10.0.0.1/',
  'http://172.16.5.4/',
  'http://172.31.255.255/',
  'http://192.168.1.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.1/',
  'http://100.127.255.254/',
  'http://198.18.0.1/',
  'http://192.0.2.10/',
  'http://198.51.100.7/',
  'http://203.0.113.9/',
  'http://224.0.0.1/',
  'http://239.255.255.250/',
  'http://255.255.255.255/',
  'http://240.0.0.1/',
  'http://[fe80::1]/',
  'http://[fd12:3456::1]/',
  'http://[fc00::1]/',
  'http://[ff02::1]/',
  'http://[2001:db8::1]/',
  'https://[::ffff:169.254.169.254]:8443/x',
] as const;

describe('address policy', () => {
  it.each(REFUSED_SPELLINGS)('refuses %s in production', (url) => {
    expect(literalTargetRefusal(url, PUBLIC_ONLY)).not.toBeNull();
  });

  it.each([
    'http://93.184.216.34/',
    'https://1.1.1.1/',
    'http://100.128.0.1/',
    'http://172.32.0.1/',
    'http://[2606:2800:220:1:248:1893:25c8:1946]/',
    'http://[::ffff:93.184.216.34]/',
    'https://caldav.example.com/',
  ])('lets %s through (names are checked when connecting)', (url) => {
    expect(literalTargetRefusal(url, PUBLIC_ONLY)).toBeNull();
  });

  it('names the reason, embedded IPv4 included', () => {
    expect(nonPublicReason('::ffff:7f00:1')).toBe('IPv4-mapped 127.0.0.1: loopback');
    expect(nonPublicReason('64:ff9b::a9fe:a9fe')).toBe('NAT64 169.254.169.254: link-local');
    expect(nonPublicReason('2002:a00:1::')).toBe('6to4 10.0.0.1: private');
    expect(nonPublicReason('not-an-ip')).toBe('not an IP address');
    expect(nonPublicReason('8.8.8.8')).toBeNull();
  });

  it('refuses what is not http(s) or not a URL', () => {
    expect(literalTargetRefusal('ftp://93.184.216.34/', ANY_ADDRESS)).toBe('not http or https');
    expect(literalTargetRefusal('file:///etc/passwd', PUBLIC_ONLY)).toBe('not http or https');
    expect(literalTargetRefusal('::nonsense', PUBLIC_ONLY)).toBe('not a URL');
  });

  it('allows listed addresses and blocks, and the IPv6 forms embedding them', () => {
    const policy = createAddressPolicy(parseAllowList('10.20.0.0/16, 127.0.0.1, fd00::/8'));
    expect(policy.refusal('10.20.3.4')).toBeNull();
    expect(policy.refusal('::ffff:10.20.3.4')).toBeNull();
    expect(policy.refusal('10.21.0.1')).toBe('private');
    expect(policy.refusal('127.0.0.1')).toBeNull();
    expect(policy.refusal('127.0.0.2')).toBe('loopback');
    expect(policy.refusal('fd00::5')).toBeNull();
    expect(policy.refusal('fe80::1')).toBe('link-local');
    // localhost is allowed when one of its addresses is.
    expect(literalTargetRefusal('http://localhost:5232/', policy)).toBeNull();
    expect(literalTargetRefusal('http://127.1:5232/', policy)).toBeNull();
    expect(literalTargetRefusal('http://0177.0.0.2/', policy)).toBe('loopback');
  });

  it('allows everything with *', () => {
    const policy = createAddressPolicy(parseAllowList('*'));
    expect(policy.allowsAll).toBe(true);
    expect(literalTargetRefusal('http://169.254.169.254/', policy)).toBeNull();
  });

  it.each(['10.0.0.0/33', 'example.com', '10.0.0.0/8/1', '::1/129', '10.0.0.0/x', '300.1.1.1'])(
    'rejects the allow-list entry %s',
    (entry) => {
      expect(() => parseAllowList(`127.0.0.1,${entry}`)).toThrow(InvalidAllowListError);
    },
  );
});

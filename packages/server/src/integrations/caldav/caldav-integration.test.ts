import { describe, expect, it } from 'vitest';
import { caldavIntegration } from './index.js';
import { calDAVCredentialsOf, CalDAVCredentialsMissingError } from './credentials.js';

const row = { id: 'c1', caldav_flavour: 'icloud' as const, server_url: 'https://row.example/' };

describe('CalDAV credentials of a connection', () => {
  it('reads flavour, server and calendar home from the envelope first', () => {
    expect(
      calDAVCredentialsOf(row, {
        username: 'ann@icloud.com',
        password: 'abcd-efgh-ijkl-mnop',
        extra: {
          flavour: 'generic',
          serverUrl: 'https://dav.example/',
          homeUrl: 'https://dav.example/ann/',
        },
      }),
    ).toEqual({
      flavour: 'generic',
      username: 'ann@icloud.com',
      password: 'abcd-efgh-ijkl-mnop',
      serverUrl: 'https://dav.example/',
      homeUrl: 'https://dav.example/ann/',
    });
  });

  it('falls back to the connection row, and refuses an envelope without a password', () => {
    expect(calDAVCredentialsOf(row, { username: 'ann', password: 'pw' })).toEqual({
      flavour: 'icloud',
      username: 'ann',
      password: 'pw',
      serverUrl: 'https://row.example/',
      homeUrl: null,
    });
    expect(() => calDAVCredentialsOf(row, { accessToken: 'x' })).toThrow(
      CalDAVCredentialsMissingError,
    );
  });
});

describe('caldavIntegration', () => {
  it('polls every 5 minutes, moved by at most 10 % either way', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    const poll = (random: number) =>
      caldavIntegration({ random: () => random })
        .nextPollAt('icloud', at)
        .toISOString();
    expect(poll(0.5)).toBe('2026-03-01T10:05:00.000Z');
    expect(poll(0)).toBe('2026-03-01T10:04:30.000Z');
    expect(poll(0.999_999)).toBe('2026-03-01T10:05:30.000Z');
    expect(
      caldavIntegration({ pollIntervalSeconds: 60, random: () => 0.5 })
        .nextPollAt('generic', at)
        .toISOString(),
    ).toBe('2026-03-01T10:01:00.000Z');
  });

  it('answers caldav_discovery_failed for a server that is not a CalDAV server', async () => {
    const notDAV: typeof fetch = async () =>
      new Response('<html>Welcome</html>', {
        status: 404,
        headers: { 'content-type': 'text/html' },
      });
    const { connector } = caldavIntegration({ fetch: notDAV });
    const result = await connector.connect({
      flavour: 'generic',
      serverUrl: 'https://www.example/',
      username: 'ann',
      password: 'pw',
    });
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'caldav_discovery_failed', hint: expect.stringMatching(/server URL/) },
    });
  });

  it('sends iCloud connections to the configured entry point and names app-specific passwords', async () => {
    const seen: string[] = [];
    const refusing: typeof fetch = async (input) => {
      seen.push(String(input));
      return new Response('', { status: 401 });
    };
    const { connector } = caldavIntegration({
      fetch: refusing,
      icloudServerUrl: 'https://icloud.test/',
    });
    const result = await connector.connect({
      flavour: 'icloud',
      serverUrl: null,
      username: 'ann@icloud.com',
      password: 'apple-id-password',
    });
    expect(seen[0]).toBe('https://icloud.test/');
    expect(result).toMatchObject({
      ok: false,
      failure: { code: 'caldav_auth_failed', hint: expect.stringMatching(/app-specific password/) },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { checkBaseUrl, checkOAuthClients } from './config-checks.js';

const config = (env: Record<string, string>) => loadConfig(env, '/srv/calsync');

describe('the doctor’s configuration checks', () => {
  it('passes a public HTTPS base URL and fails HTTP, loopback and unset outside the sandbox', () => {
    expect(checkBaseUrl(config({ CALSYNC_BASE_URL: 'https://cal.example.com' })).status).toBe(
      'PASS',
    );
    for (const url of ['http://cal.example.com', 'https://localhost:8443']) {
      expect(checkBaseUrl(config({ CALSYNC_BASE_URL: url })).status).toBe('FAIL');
    }
    expect(checkBaseUrl(config({})).detail).toContain('CALSYNC_BASE_URL is unset');
    expect(checkBaseUrl(config({ CALSYNC_SANDBOX: '1' })).status).toBe('WARN');
  });

  it('knows the shape of Google and Microsoft client ids', () => {
    const good = config({
      GOOGLE_CLIENT_ID: '123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 's',
      MICROSOFT_CLIENT_ID: '6731DE76-14A6-49AE-97BC-6EBA6914391E',
      MICROSOFT_CLIENT_SECRET: 's',
    });
    expect(checkOAuthClients(good).map((r) => [r.check, r.status])).toEqual([
      ['google-client', 'PASS'],
      ['microsoft-client', 'PASS'],
    ]);
    const swapped = config({
      GOOGLE_CLIENT_ID: '6731de76-14a6-49ae-97bc-6eba6914391e',
      GOOGLE_CLIENT_SECRET: 's',
      MICROSOFT_CLIENT_ID: 'calsync-app',
      MICROSOFT_CLIENT_SECRET: 's',
    });
    expect(checkOAuthClients(swapped).map((r) => r.status)).toEqual(['FAIL', 'FAIL']);
    expect(checkOAuthClients(config({}))[0]).toMatchObject({ status: 'WARN' });
  });
});

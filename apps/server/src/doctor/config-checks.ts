import type { ServerConfig } from '../config.js';
import type { CheckResult } from './check-result.js';

const GOOGLE_CLIENT_ID = /^[0-9]+-[0-9a-z]+\.apps\.googleusercontent\.com$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `CALSYNC_BASE_URL` must be the public HTTPS URL: Google and Microsoft refuse to deliver webhooks
 * to plain HTTP, and OAuth redirects name it. In sandbox mode a local URL is expected: WARN.
 *
 * @example
 * checkBaseUrl(loadConfig(process.env)); // { status: 'PASS', check: 'base-url', … }
 */
export function checkBaseUrl(config: ServerConfig): CheckResult {
  const check = 'base-url';
  const url = new URL(config.baseUrl);
  const local = LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');
  const problem = config.baseUrlFromPort
    ? 'CALSYNC_BASE_URL is unset'
    : url.protocol !== 'https:'
      ? `${config.baseUrl} is not HTTPS: providers refuse plain-HTTP webhooks`
      : local
        ? `${config.baseUrl} is a loopback address providers cannot reach`
        : undefined;
  if (!problem) return { status: 'PASS', check, detail: `${config.baseUrl} is public HTTPS` };
  if (config.sandbox) {
    return { status: 'WARN', check, detail: `${problem} (fine in sandbox mode only)` };
  }
  return {
    status: 'FAIL',
    check,
    detail: `${problem}; set it to the public https:// URL of the api (behind the reverse proxy)`,
  };
}

/**
 * The OAuth client ids have the shape their provider issues: Google
 * `<number>-<id>.apps.googleusercontent.com`, Microsoft an application (client) id GUID. A
 * swapped or truncated id otherwise shows only as a failed sign-in.
 *
 * @example
 * checkOAuthClients(config).map(formatResult);
 */
export function checkOAuthClients(config: ServerConfig): CheckResult[] {
  const results: CheckResult[] = [];
  if (!config.google && !config.microsoft) {
    results.push({
      status: config.sandbox ? 'PASS' : 'WARN',
      check: 'oauth-clients',
      detail: config.sandbox
        ? 'sandbox mode: the emulated providers need no OAuth clients'
        : 'neither GOOGLE_CLIENT_ID nor MICROSOFT_CLIENT_ID is set: only CalDAV can connect',
    });
    return results;
  }
  if (config.google) {
    results.push(
      GOOGLE_CLIENT_ID.test(config.google.clientId)
        ? { status: 'PASS', check: 'google-client', detail: 'GOOGLE_CLIENT_ID looks right' }
        : {
            status: 'FAIL',
            check: 'google-client',
            detail:
              'GOOGLE_CLIENT_ID must look like 1234567890-abc….apps.googleusercontent.com ' +
              '(Google Cloud console → Credentials → OAuth client ID)',
          },
    );
  }
  if (config.microsoft) {
    results.push(
      GUID.test(config.microsoft.clientId)
        ? { status: 'PASS', check: 'microsoft-client', detail: 'MICROSOFT_CLIENT_ID is a GUID' }
        : {
            status: 'FAIL',
            check: 'microsoft-client',
            detail:
              'MICROSOFT_CLIENT_ID must be the application (client) id GUID from the Entra app ' +
              'registration, not its name or object id',
          },
    );
  }
  return results;
}

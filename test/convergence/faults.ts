import type { SandboxControlApi, SandboxFaultInput } from '@calsync/sandbox';
import type { FaultableProvider, FaultKind } from './operations.js';

/**
 * Calsync's requests only: the scenario's own user edits take `calendars/primary` (Google) and
 * `/me/events` (Graph), which Calsync never uses (it names calendars by id).
 */
const CALSYNC_PATHS: Record<FaultableProvider, RegExp> = {
  google: /^(?!\/calendar\/v3\/calendars\/primary\/)/,
  microsoft: /^(?!\/v1\.0\/me\/events)/,
};

/**
 * Lost responses only on calendar writes: a lost token answer is not survivable on a provider that
 * rotates refresh tokens, and that is the identity platform's behaviour, not a sync bug.
 */
const CALSYNC_EVENT_PATHS: Record<FaultableProvider, RegExp> = {
  google: /^\/calendar\/v3\/calendars\/(?!primary\/)[^/]+\/events/,
  microsoft: /^\/v1\.0\/me\/calendars\/[^/]+\/events/,
};

/** The provider request timeout the scenario's server processes run with. */
export const PROVIDER_TIMEOUT_MS = 2_000;

/** The accounts of a scenario, by provider. */
export type AccountEmails = Record<FaultableProvider, string>;

/**
 * Injects one fault into the shared sandbox: failures for the next `count` matching requests, or
 * an expiry of the account's sync cursors or access tokens (never the refresh token, which would
 * legitimately need the user).
 */
export async function injectFault(
  control: SandboxControlApi,
  emails: AccountEmails,
  provider: FaultableProvider,
  kind: FaultKind,
  count: number,
): Promise<void> {
  const base: SandboxFaultInput = { provider, pathPattern: CALSYNC_PATHS[provider], count };
  switch (kind) {
    case 'rate_limited':
      await control.addFault({ ...base, status: 429, retryAfterSeconds: 1 });
      return;
    case 'server_error':
      await control.addFault({ ...base, status: count === 1 ? 500 : 503 });
      return;
    case 'latency':
      await control.addFault({ ...base, latencyMs: 300 * count });
      return;
    case 'timeout':
      // Longer than the processes' provider timeout (PROVIDER_TIMEOUT_MS): Calsync gives up on
      // the request while the sandbox still carries it out.
      await control.addFault({ ...base, latencyMs: PROVIDER_TIMEOUT_MS + 1_000 });
      return;
    case 'lost_response':
      // The write happens, the answer is lost: retries must find what was made.
      await control.addFault({
        ...base,
        pathPattern: CALSYNC_EVENT_PATHS[provider],
        method: count === 2 ? 'PATCH' : 'POST',
        status: 502,
        when: 'after',
      });
      return;
    case 'sync_token_expired':
      await control.expire({ provider, email: emails[provider], what: 'sync_tokens' });
      return;
    case 'access_token_expired':
      await control.expire({ provider, email: emails[provider], what: 'access_token' });
      return;
  }
}

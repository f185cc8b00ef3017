import {
  GOOGLE_API_ROOT_URL,
  GOOGLE_OAUTH_ENDPOINTS,
  googleEndpointsAt,
  type GoogleAdapterOptions,
  type GoogleOAuthEndpoints,
} from '@calsync/google';

import type { SharedLimits } from '../../limits/shared-limits.js';

/** How the Google integration is configured: the OAuth client, where Google lives, side effects. */
export interface GoogleIntegrationOptions {
  /** The OAuth client (for the sandbox: any fixed value). */
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * Where Google lives. Absent (or a function answering undefined): the real Google. Otherwise an
   * emulator's base, e.g. `http://127.0.0.1:8787/sandbox/google`; a function is read at each use,
   * for a sandbox whose port is only known once the server is listening.
   */
  readonly providerBaseUrl?: string | (() => string | undefined);
  /** Outbound HTTP of the connect flow (code exchange, userinfo). */
  readonly fetch: typeof fetch;
  /** The clock of the connect flow (token expiry). */
  readonly now: () => Date;
  /** Who Google notifies about Calsync's writes; default `all`. */
  readonly sendUpdates?: GoogleAdapterOptions['sendUpdates'];
  /** Per-user quota the pacers stay under; default Google's 600 per minute. */
  readonly requestsPerMinute?: number;
  /**
   * Limits held in Postgres: given, each account's pacing is shared by every process on the
   * database (else each process paces on its own, and N workers may spend N times the quota).
   */
  readonly sharedLimits?: SharedLimits;
}

/** Where the Calendar API and the OAuth endpoints are, right now. */
export interface ResolvedGoogleEndpoints {
  readonly apiRootUrl: string;
  readonly oauth: GoogleOAuthEndpoints;
}

/**
 * Resolves the endpoints of the configured Google (real or emulated) at the moment of use.
 *
 * @example
 * const { apiRootUrl, oauth } = resolveGoogleEndpoints(options);
 */
export function resolveGoogleEndpoints(options: GoogleIntegrationOptions): ResolvedGoogleEndpoints {
  const base =
    typeof options.providerBaseUrl === 'function'
      ? options.providerBaseUrl()
      : options.providerBaseUrl;
  if (base === undefined) return { apiRootUrl: GOOGLE_API_ROOT_URL, oauth: GOOGLE_OAUTH_ENDPOINTS };
  return googleEndpointsAt(base);
}

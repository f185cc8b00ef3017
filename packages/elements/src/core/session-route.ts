import type { GetToken, TokenAnswer } from '@calsync/sdk';

/** The host's session route answered with an error status (or not at all). */
export class CalsyncSessionRouteError extends Error {
  override readonly name = 'CalsyncSessionRouteError';
  /** Stable, for `calsync-error` events and `errorCodeOf`. */
  readonly code = 'session_route_failed';
  constructor(
    readonly sessionUrl: string,
    /** The route's HTTP status; 0 when no response arrived. */
    readonly status: number,
  ) {
    super(
      status
        ? `The session route ${sessionUrl} answered HTTP ${status}`
        : `The session route ${sessionUrl} did not answer`,
    );
  }
}

/**
 * A `getToken` that POSTs to the host's own backend route (with the page's cookies) and passes
 * on its JSON — what `POST /api/v1/sessions` answered, `{ token, expires_at, … }`. The SDK caches
 * the token and calls the route again shortly before it expires.
 *
 * @example
 * const client = createCalsyncClient({ baseUrl, getToken: sessionRouteToken('/calsync/session') });
 */
export function sessionRouteToken(sessionUrl: string): GetToken {
  return async () => {
    let response: Response;
    try {
      response = await fetch(sessionUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
    } catch {
      throw new CalsyncSessionRouteError(sessionUrl, 0);
    }
    if (!response.ok) throw new CalsyncSessionRouteError(sessionUrl, response.status);
    return (await response.json()) as TokenAnswer;
  };
}

import type { ZoomErrorBody } from './errors.js';
import { networkError, toZoomError } from './errors.js';
import { readJSON } from './json.js';
import type { ZoomTokenSource } from './token.js';

/** What the REST client needs. */
export interface ZoomClientOptions {
  /** `https://api.zoom.us/v2`, or the sandbox's `…/sandbox/zoom/v2`. */
  readonly apiBaseUrl: string;
  readonly tokens: ZoomTokenSource;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
}

/** One call to the Meetings API. */
export interface ZoomCall {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Below the API base, e.g. `/meetings/123`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** Sends Meetings API calls with a bearer token; failures are core `ProviderError`s. */
export interface ZoomClient {
  /** The parsed JSON answer, or `null` for 204 / an empty body. */
  send(call: ZoomCall): Promise<unknown>;
}

/**
 * A bare REST client: JSON in and out, the token from `tokens`, one new token and one more try
 * when Zoom answers 401 (a token can die early: app deactivated, or reissued elsewhere), then
 * `AuthError`. No other retries: the caller's retry policy decides, from the error class.
 *
 * @example
 * const client = createZoomClient({ apiBaseUrl, tokens, fetch, now });
 * const meeting = await client.send({ method: 'GET', path: '/meetings/85746065432' });
 */
export function createZoomClient(options: ZoomClientOptions): ZoomClient {
  const attempt = async (call: ZoomCall, token: string): Promise<Response> => {
    const url = new URL(`${options.apiBaseUrl.replace(/\/$/, '')}${call.path}`);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      url.searchParams.set(name, value);
    }
    try {
      return await options.fetch(url, {
        method: call.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      });
    } catch (error) {
      throw networkError(error, `${call.method} ${call.path}`);
    }
  };

  return {
    async send(call) {
      let token = await options.tokens.accessToken();
      let response = await attempt(call, token);
      if (response.status === 401) {
        await response.body?.cancel();
        options.tokens.invalidate(token);
        token = await options.tokens.accessToken();
        response = await attempt(call, token);
      }
      const body = await readJSON(response);
      if (!response.ok) {
        throw toZoomError(
          {
            status: response.status,
            headers: response.headers,
            body: body as ZoomErrorBody | null,
            action: `${call.method} ${call.path}`,
          },
          options.now(),
        );
      }
      return body;
    },
  };
}

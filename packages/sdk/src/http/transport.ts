import { backoffDelayMs, sleep } from './backoff.js';
import { toCamelCase, toSnakeCase } from './case.js';
import { explainCorsFailure } from './cors-hint.js';
import { CalsyncError } from './errors.js';
import { createTokenCache, type GetToken } from './token-cache.js';

export type {
  ExpiringToken,
  GetToken,
  SessionTokenJSON,
  TokenAnswer,
  TokenRequest,
} from './token-cache.js';

/** How the client reaches the API; see `createCalsyncClient`. */
export interface TransportOptions {
  /** Where the server runs, e.g. `https://calsync.example.com` (`/api/v1` is added if missing). */
  baseUrl: string;
  /** A fixed secret key (`sk_…`, server side only) or session token (`cst_…`). */
  token?: string;
  /**
   * Returns the token to send: a string, `{ token, expiresAt }`, or the JSON `POST /sessions`
   * answers (`{ token, expires_at }`) as is. The token is cached and reused: `getToken` runs
   * again shortly before `expiresAt` (60 s or a tenth of the token's life before, whichever is
   * less), and after a 401 with `expired: true` — once for all concurrent requests. A token
   * without an expiry is kept until the API refuses it. Wins over `token`.
   */
  getToken?: GetToken;
  /** The `fetch` to use; defaults to the global one. */
  fetch?: typeof fetch;
  /** The clock the token cache reads, in epoch milliseconds; defaults to `Date.now`. */
  now?: () => number;
  /** Retries of safe (GET) requests after network errors, 429 and 502/503/504; default 0. */
  maxRetries?: number;
}

/** One API call, in camelCase. */
export interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: object | undefined;
  body?: object | undefined;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** Sends calls: auth, retries and the error envelope handled. */
export interface Transport {
  /** The parsed, camelCased body of a successful call; a {@link CalsyncError} otherwise. */
  json<T>(call: Call): Promise<T>;
  /** The raw successful response (for streams); a {@link CalsyncError} otherwise. */
  send(call: Call): Promise<Response>;
}

const RETRYABLE_STATUSES = [429, 502, 503, 504];

function retryAfterSeconds(response: Response): number | null {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** The API's error envelope as a {@link CalsyncError}; anything else as `invalid_response`. */
async function errorFrom(response: Response): Promise<CalsyncError> {
  const envelope = (await response.json().catch(() => null)) as {
    error?: { code?: unknown; message?: unknown; details?: unknown };
  } | null;
  const error = envelope?.error;
  const known = typeof error?.code === 'string';
  return new CalsyncError({
    code: known ? (error.code as string) : 'invalid_response',
    message: known ? String(error.message) : `HTTP ${response.status} without an error envelope`,
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    details: toCamelCase(error?.details),
    retryAfterSeconds: retryAfterSeconds(response),
  });
}

/**
 * Builds the transport every namespace sends through.
 *
 * @example
 * const transport = createTransport({ baseUrl: 'https://calsync.example.com', token: 'sk_…' });
 * const page = await transport.json({ method: 'GET', path: '/appointments' });
 */
export function createTransport(options: TransportOptions): Transport {
  const root = options.baseUrl.replace(/\/+$/, '');
  const apiUrl = root.endsWith('/api/v1') ? root : `${root}/api/v1`;
  const tokens = options.getToken && createTokenCache(options.getToken, options.now);
  const fetcher = options.fetch ?? globalThis.fetch;

  const attempt = async (call: Call, bearer: string | undefined): Promise<Response> => {
    const url = new URL(apiUrl + call.path);
    for (const [key, value] of Object.entries(toSnakeCase(call.query ?? {}) as object)) {
      url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (call.body) headers['content-type'] ??= 'application/json';
    try {
      return await fetcher(url, {
        method: call.method,
        headers,
        body: call.body ? JSON.stringify(toSnakeCase(call.body)) : null,
        signal: call.signal ?? null,
      });
    } catch (cause) {
      if (call.signal?.aborted) throw cause;
      if (cause instanceof TypeError) explainCorsFailure(root, url, fetcher);
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new CalsyncError({
        code: 'network_error',
        message: `${call.method} ${call.path} failed: ${message}`,
        status: 0,
        requestId: null,
        cause,
      });
    }
  };

  const send = async (call: Call): Promise<Response> => {
    const retries = call.method === 'GET' ? (options.maxRetries ?? 0) : 0;
    for (let retry = 0; ; retry++) {
      let error: CalsyncError;
      try {
        const bearer = tokens ? await tokens.current() : options.token;
        let response = await attempt(call, bearer);
        if (response.status === 401 && tokens && bearer) {
          await response.body?.cancel();
          response = await attempt(call, await tokens.replace(bearer));
        }
        if (response.ok) return response;
        error = await errorFrom(response);
      } catch (caught) {
        if (!(caught instanceof CalsyncError)) throw caught;
        error = caught;
      }
      const retryable = error.code === 'network_error' || RETRYABLE_STATUSES.includes(error.status);
      if (!retryable || retry >= retries) throw error;
      const delayMs =
        error.retryAfterSeconds !== null
          ? error.retryAfterSeconds * 1000
          : backoffDelayMs(retry, { baseDelayMs: 250, maxDelayMs: 8000 });
      await sleep(delayMs, call.signal);
    }
  };

  return {
    send,
    json: async <T>(call: Call): Promise<T> => {
      const response = await send(call);
      const text = await response.text();
      try {
        return toCamelCase(text ? JSON.parse(text) : undefined) as T;
      } catch (cause) {
        throw new CalsyncError({
          code: 'invalid_response',
          message: `${call.method} ${call.path} answered a body that is not JSON`,
          status: response.status,
          requestId: response.headers.get('x-request-id'),
          cause,
        });
      }
    },
  };
}

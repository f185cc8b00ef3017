import { CalsyncError } from './errors.js';

/** Why the SDK is asking for a token. */
export interface TokenRequest {
  /** True after the API answered 401 to the last token: return a fresh one, not a cached one. */
  expired: boolean;
}

/**
 * A token and when it stops working. `expiresAt` is an RFC 3339 string, a `Date`, or a number of
 * milliseconds since the epoch (a number below 10^11 is read as seconds, as in a JWT's `exp`).
 */
export interface ExpiringToken {
  token: string;
  expiresAt?: string | number | Date | null | undefined;
}

/** The JSON `POST /api/v1/sessions` answers, as it comes off the wire (snake_case). */
export interface SessionTokenJSON {
  token: string;
  expires_at?: string | null | undefined;
}

/** What `getToken` may return: a token, a token with its expiry, or the session JSON as is. */
export type TokenAnswer = string | ExpiringToken | SessionTokenJSON;

/** Returns the token to send; see `TransportOptions.getToken`. */
export type GetToken = (request: TokenRequest) => TokenAnswer | Promise<TokenAnswer>;

/** Hands out the current token, asking `getToken` only when there is none worth sending. */
export interface TokenCache {
  /** The cached token while it is fresh; else a new one (one call for concurrent callers). */
  current(): Promise<string>;
  /** A token other than `rejected`, which the API refused (one call for concurrent 401s). */
  replace(rejected: string): Promise<string>;
}

/** Renew this long before the expiry at most… */
const MAX_MARGIN_MS = 60_000;
/** …and at most this share of the token's life, so short-lived tokens are still reused. */
const MARGIN_SHARE = 0.1;

const invalidAnswer = (detail: string): CalsyncError =>
  new CalsyncError({
    code: 'invalid_token',
    message:
      'getToken must return a token string, { token, expiresAt } or the session JSON: ' + detail,
    status: 0,
    requestId: null,
  });

function expiryMs(value: unknown): number {
  if (value === undefined || value === null) return Infinity;
  const ms =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value < 1e11
          ? value * 1000
          : value
        : typeof value === 'string'
          ? Date.parse(value)
          : NaN;
  if (Number.isNaN(ms)) throw invalidAnswer('its expiry is not a date');
  return ms;
}

/**
 * Reads what `getToken` returned as a token and its expiry (milliseconds, `Infinity` for none).
 *
 * @example
 * readTokenAnswer({ token: 'cst_1', expires_at: '2026-03-04T10:15:00Z' })
 * // { token: 'cst_1', expiresAtMs: 1772619300000 }
 */
export function readTokenAnswer(answer: unknown): { token: string; expiresAtMs: number } {
  if (typeof answer === 'string' && answer) return { token: answer, expiresAtMs: Infinity };
  const record = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<
    string,
    unknown
  >;
  if (typeof record.token !== 'string' || !record.token) {
    throw invalidAnswer(
      `it returned ${typeof answer === 'string' ? 'an empty string' : typeof answer}`,
    );
  }
  return { token: record.token, expiresAtMs: expiryMs(record.expiresAt ?? record.expires_at) };
}

/**
 * Caches the token `getToken` returns and reuses it until shortly before it expires (60 s or a
 * tenth of its life before, whichever is less); a token without an expiry is kept until the API
 * refuses it.
 *
 * @example
 * const tokens = createTokenCache(() => fetch('/session', { method: 'POST' }).then((r) => r.json()));
 * const bearer = await tokens.current();
 */
export function createTokenCache(getToken: GetToken, now: () => number = Date.now): TokenCache {
  let cached: { token: string; renewAtMs: number } | undefined;
  let pending: { expired: boolean; promise: Promise<string> } | undefined;

  let generation = 0;

  const ask = (expired: boolean): Promise<string> => {
    if (pending && (pending.expired || !expired)) return pending.promise;
    const mine = ++generation;
    const promise = (async () => {
      const answer = readTokenAnswer(await getToken({ expired }));
      const obtainedMs = now();
      const margin = Math.min(MAX_MARGIN_MS, (answer.expiresAtMs - obtainedMs) * MARGIN_SHARE);
      // A refresh that started later (after a 401) has the last word.
      if (mine === generation) {
        cached = { token: answer.token, renewAtMs: answer.expiresAtMs - Math.max(margin, 0) };
      }
      return answer.token;
    })().finally(() => {
      if (mine === generation) pending = undefined;
    });
    pending = { expired, promise };
    return promise;
  };

  return {
    current: () =>
      cached && now() < cached.renewAtMs ? Promise.resolve(cached.token) : ask(false),
    replace: (rejected) => {
      if (cached && cached.token !== rejected && now() < cached.renewAtMs) {
        return Promise.resolve(cached.token);
      }
      cached = undefined;
      return ask(true);
    },
  };
}

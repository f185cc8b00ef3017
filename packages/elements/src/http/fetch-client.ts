import type { CalsyncClientLike, ChangeEvent } from '../core/client.js';
import { camelizeKeys, snakeTopLevelKeys } from './case.js';
import { readServerSentEvents } from './sse.js';

/** Options of {@link createFetchClient}. */
export interface FetchClientOptions {
  /** The server (`https://calsync.example.com`) or its API root (`…/api/v1`). */
  baseUrl: string;
  /** A session token (`cst_…`) for one user. */
  token: string;
  fetch?: typeof globalThis.fetch;
  /** Wait before reopening a dropped stream, unless the server said otherwise; default 3000. */
  reconnectDelayMs?: number;
}

/** A failed API call, with the API's stable error `code`. */
export class CalsyncRequestError extends Error {
  override readonly name = 'CalsyncRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `https://host` → `https://host/api/v1`; an URL already ending in `/api/v1` is kept. */
export function apiRootOf(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/api\/v1$/.test(trimmed) ? trimmed : `${trimmed}/api/v1`;
}

/**
 * A small fetch-based client with the shape the elements need, used when an element is given
 * `base-url` and `session-token` instead of a `client`. Same wire contract as `@calsync/sdk`.
 *
 * @example
 * const client = createFetchClient({ baseUrl: 'https://calsync.example.com', token: 'cst_…' });
 */
export function createFetchClient(options: FetchClientOptions): CalsyncClientLike {
  const root = apiRootOf(options.baseUrl);
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers = { authorization: `Bearer ${options.token}` };

  async function call<T>(method: string, path: string, body?: Record<string, unknown>): Promise<T> {
    const response = await doFetch(`${root}${path}`, {
      method,
      headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
      ...(body ? { body: JSON.stringify(snakeTopLevelKeys(body)) } : {}),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      throw new CalsyncRequestError(
        response.status,
        error?.code ?? 'http_error',
        error?.message ?? `HTTP ${response.status}`,
      );
    }
    return camelizeKeys(parsed) as T;
  }

  const query = (params: Record<string, string | undefined>): string => {
    const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
    return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
  };
  const integration = (id: string): string => `/calendar-integrations/${encodeURIComponent(id)}`;

  return {
    integrations: {
      list: (params) => call('GET', `/calendar-integrations${query({ user_id: params?.userId })}`),
      get: (id) => call('GET', integration(id)),
      disconnect: (id) => call('DELETE', integration(id)),
      calendars: (id) => call('GET', `${integration(id)}/calendars`),
      updateCalendar: (id, calendarId, body) =>
        call('PUT', `${integration(id)}/calendars/${encodeURIComponent(calendarId)}`, body),
      authorize: (provider, body) =>
        call('POST', `/calendar-integrations/${provider}/authorize`, body),
      connect: (body) => call('POST', '/calendar-integrations', { ...body }),
      sync: (id, body) => call('POST', `${integration(id)}/sync`, { ...body }),
      syncStatus: (id) => call('GET', `${integration(id)}/sync-status`),
      conflicts: (id, params) =>
        call('GET', `${integration(id)}/conflicts${query({ status: params?.status })}`),
      resolveConflict: (id, conflictId, body) =>
        call('POST', `${integration(id)}/conflicts/${encodeURIComponent(conflictId)}/resolve`, {
          ...body,
        }),
      syncAttempts: (id, params) =>
        call('GET', `${integration(id)}/sync-attempts${query({ status: params?.status })}`),
    },
    availability: {
      get: (params) =>
        call(
          'GET',
          `/availability${query({ user_id: params.userId, from: params.from, to: params.to })}`,
        ),
    },
    stream: {
      subscribe(handler, subscribeOptions) {
        const controller = new AbortController();
        void followStream(root, headers, doFetch, handler, controller.signal, {
          after: subscribeOptions?.after,
          reconnectDelayMs: options.reconnectDelayMs ?? 3000,
        });
        return () => controller.abort();
      },
    },
  };
}

/** Reads `/stream` until aborted, reopening it after drops from the last seen event. */
async function followStream(
  root: string,
  headers: Record<string, string>,
  doFetch: typeof globalThis.fetch,
  handler: (change: ChangeEvent) => void,
  signal: AbortSignal,
  options: { after: number | undefined; reconnectDelayMs: number },
): Promise<void> {
  let lastEventId: string | undefined;
  let delayMs = options.reconnectDelayMs;
  while (!signal.aborted) {
    try {
      const url =
        lastEventId === undefined && options.after !== undefined
          ? `${root}/stream?after=${options.after}`
          : `${root}/stream`;
      const response = await doFetch(url, {
        headers: lastEventId === undefined ? headers : { ...headers, 'last-event-id': lastEventId },
        signal,
      });
      if (response.ok && response.body) {
        for await (const event of readServerSentEvents(response.body)) {
          if (event.id !== undefined) lastEventId = event.id;
          if (event.retryMs !== undefined) delayMs = event.retryMs;
          handler(camelizeKeys(JSON.parse(event.data)) as ChangeEvent);
        }
      }
    } catch {
      // Dropped or refused: wait and reopen, unless the subscriber left.
    }
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}

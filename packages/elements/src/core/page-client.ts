import { createCalsyncClient, type GetToken } from '@calsync/sdk';
import type { CalsyncClientLike } from './client.js';
import { sessionRouteToken } from './session-route.js';

/**
 * How the page reaches Calsync: a `getToken` of your own, your backend's session route (POSTed
 * to with the page's cookies; it answers the JSON of `POST /api/v1/sessions`), or a client you
 * built.
 */
export type CalsyncPageOptions =
  | { baseUrl: string; getToken: GetToken; sessionUrl?: never; client?: never }
  | { baseUrl: string; sessionUrl: string; getToken?: never; client?: never }
  | { client: CalsyncClientLike; baseUrl?: never; getToken?: never; sessionUrl?: never };

/** Clients built from markup, by configuration: one per `(base URL, token or session route)`. */
const built = new Map<string, CalsyncClientLike>();
let pageClient: CalsyncClientLike | undefined;
const listeners = new Set<() => void>();

function cached(key: string, build: () => CalsyncClientLike): CalsyncClientLike {
  let client = built.get(key);
  if (!client) built.set(key, (client = build()));
  return client;
}

/**
 * The page's one client for `base-url` + `session-token`: every element (and provider) with the
 * same pair shares it, and with it one live stream.
 *
 * @example
 * sharedTokenClient('https://calsync.example.com', 'cst_…') === sharedTokenClient('https://calsync.example.com', 'cst_…') // true
 */
export function sharedTokenClient(baseUrl: string, token: string): CalsyncClientLike {
  return cached(JSON.stringify(['token', baseUrl, token]), () =>
    createCalsyncClient({ baseUrl, token }),
  );
}

/**
 * The page's one client for `base-url` + a session route (see {@link sessionRouteToken}).
 *
 * @example
 * const client = sharedSessionClient('https://calsync.example.com', '/calsync/session');
 */
export function sharedSessionClient(baseUrl: string, sessionUrl: string): CalsyncClientLike {
  return cached(JSON.stringify(['session', baseUrl, sessionUrl]), () =>
    createCalsyncClient({ baseUrl, getToken: sessionRouteToken(sessionUrl) }),
  );
}

/**
 * Configures Calsync for the whole page, once: every element without a client of its own (its
 * `client` property, its `base-url` + `session-token`, or an enclosing `<calsync-provider>`)
 * uses this client — one client, one cached token and one live stream for the page. Elements
 * already on the page switch to it. Returns the client, for your own calls.
 *
 * @example
 * import { configureCalsync } from '@calsync/elements';
 * configureCalsync({ baseUrl: 'https://calsync.example.com', sessionUrl: '/calsync/session' });
 *
 * @example
 * configureCalsync({
 *   baseUrl: 'https://calsync.example.com',
 *   getToken: () => fetch('/calsync/session', { method: 'POST' }).then((r) => r.json()),
 * });
 */
export function configureCalsync(options: CalsyncPageOptions): CalsyncClientLike {
  const client = options.client
    ? options.client
    : options.sessionUrl !== undefined
      ? sharedSessionClient(options.baseUrl, options.sessionUrl)
      : createCalsyncClient({ baseUrl: options.baseUrl, getToken: options.getToken });
  pageClient = client;
  notifyClientSourcesChange();
  return client;
}

/** The client set with {@link configureCalsync}, if any. */
export function configuredClient(): CalsyncClientLike | undefined {
  return pageClient;
}

/** Calls `listener` whenever the page's configuration or a provider changes; returns the stop. */
export function onClientSourcesChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Makes every element look up its client again. */
export function notifyClientSourcesChange(): void {
  for (const listener of [...listeners]) listener();
}

/** Forgets the page's configuration and its built clients (tests start each case afresh). */
export function resetCalsyncConfiguration(): void {
  pageClient = undefined;
  built.clear();
  notifyClientSourcesChange();
}

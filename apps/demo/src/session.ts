import { createCalsyncClient } from '@calsync/sdk';
/** Options of {@link mintDemoSession}. */
export interface MintDemoSessionOptions {
  /** The Calsync server, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** The tenant's secret key (`sk_…`): server side only, never in a page. */
  secretKey: string;
  /** The host's id of the user the page acts for. */
  userId: string;
  /** Lifetime of the token; default 3600. */
  ttlSeconds?: number;
  fetch?: typeof globalThis.fetch;
}

/** A session token for one user, and the demo page URL that carries it. */
export interface DemoSession {
  token: string;
  /** RFC 3339. */
  expiresAt: string;
  /** `…/demo/?token=cst_…&user=…`. */
  pageUrl: string;
}

/**
 * The demo page URL for a session token: the page reads `token` (and shows `user`) from it.
 *
 * @example
 * demoPageUrl('http://127.0.0.1:8787', 'cst_…', 'ana') // 'http://127.0.0.1:8787/demo/?token=cst_…&user=ana'
 */
export function demoPageUrl(baseUrl: string, token: string, userId: string): string {
  const url = new URL('/demo/', baseUrl);
  url.searchParams.set('token', token);
  url.searchParams.set('user', userId);
  return url.toString();
}

/**
 * What a host backend does before showing Calsync's elements: mint a short-lived session token
 * for the signed-in user with the SDK and the secret key (`POST /api/v1/sessions`). The demo's
 * backend (`POST /demo/api/session` with the sandbox on) and `npm run session` both use it.
 *
 * @example
 * const { pageUrl } = await mintDemoSession({ baseUrl, secretKey, userId: 'ana' });
 */
export async function mintDemoSession(options: MintDemoSessionOptions): Promise<DemoSession> {
  const calsync = createCalsyncClient({
    baseUrl: options.baseUrl,
    token: options.secretKey,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const session = await calsync.sessions.create({
    userId: options.userId,
    ttlSeconds: options.ttlSeconds ?? 3600,
  });
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    pageUrl: demoPageUrl(options.baseUrl, session.token, options.userId),
  };
}

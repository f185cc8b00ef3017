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
 * for the signed-in user with the secret key (`POST /api/v1/sessions`). The demo does it from
 * the command line and hands the token to the page in its URL.
 *
 * @example
 * const { pageUrl } = await mintDemoSession({ baseUrl, secretKey, userId: 'ana' });
 */
export async function mintDemoSession(options: MintDemoSessionOptions): Promise<DemoSession> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const response = await doFetch(new URL('/api/v1/sessions', options.baseUrl), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.secretKey}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ user_id: options.userId, ttl_seconds: options.ttlSeconds ?? 3600 }),
  });
  if (!response.ok) {
    throw new Error(`POST /api/v1/sessions answered ${response.status}: ${await response.text()}`);
  }
  const body = (await response.json()) as { token: string; expires_at: string };
  return {
    token: body.token,
    expiresAt: body.expires_at,
    pageUrl: demoPageUrl(options.baseUrl, body.token, options.userId),
  };
}

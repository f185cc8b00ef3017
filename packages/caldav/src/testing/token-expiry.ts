/**
 * Makes a real server reject sync-tokens, for "expired cursor" tests: Radicale keeps tokens for
 * 30 days and Xandikos' tokens are git commits, so neither can be told to forget one. The
 * wrapped fetch remembers every token the server handed out; after {@link TokenExpiry.expireAll}
 * it swaps those tokens in outgoing sync-collection requests for one the server never issued,
 * and the server's own rejection (Radicale 403, Xandikos 500) reaches the adapter.
 */
export interface TokenExpiry {
  readonly fetch: typeof fetch;
  /** Every token issued so far is dead from now on. */
  expireAll(): void;
}

const TOKEN = /<(?:[\w.-]+:)?sync-token(?:\s[^>]*)?>([^<]+)<\/(?:[\w.-]+:)?sync-token>/g;

/**
 * @example
 * const expiry = tokenExpiry(fetch);
 * const adapter = createCalDAVAdapter({ ...context, fetch: expiry.fetch }, credentials);
 * expiry.expireAll();
 */
export function tokenExpiry(inner: typeof fetch = fetch): TokenExpiry {
  const issued = new Set<string>();
  const dead = new Set<string>();
  const wrapped: typeof fetch = async (input, init) => {
    let body = init?.body;
    if (typeof body === 'string' && body.includes('sync-collection')) {
      body = body.replace(TOKEN, (whole, token: string) =>
        dead.has(token.trim()) ? whole.replace(token, `${token.trim()}-expired`) : whole,
      );
    }
    const response = await inner(input, init ? { ...init, body: body ?? null } : init);
    if ((response.headers.get('content-type') ?? '').includes('xml')) {
      const text = await response.clone().text();
      for (const match of text.matchAll(TOKEN)) issued.add(match[1]!.trim());
    }
    return response;
  };
  return {
    fetch: wrapped,
    expireAll: () => {
      for (const token of issued) dead.add(token);
    },
  };
}

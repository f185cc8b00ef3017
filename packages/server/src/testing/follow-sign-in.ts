/**
 * Follows an `authorization_url` the way the sign-in window would, over real HTTP: Calsync's
 * start URL (keeping the cookie it sets, scoped by origin and path as a browser scopes it), the
 * provider's consent redirect (the sandbox consents at once), then the callback with the cookie.
 * Answers the last response, which is not a redirect.
 *
 * @example
 * const page = await followSignIn(authorization_url);
 * expect(page.status).toBe(200);
 */
export async function followSignIn(authorizationUrl: string, maxHops = 6): Promise<Response> {
  const jar: { origin: string; path: string; name: string; value: string }[] = [];
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < maxHops; hop++) {
    const cookie = jar
      .filter((c) => c.origin === url.origin && url.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const kept = jar.findIndex((c) => c.origin === url.origin && c.name === name);
      if (kept >= 0) jar.splice(kept, 1);
      if (!attributes.some((a) => /^max-age=0$/i.test(a)))
        jar.push({ origin: url.origin, path, name, value: pair!.slice(eq + 1) });
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return res;
    await res.body?.cancel();
    url = new URL(location, url);
  }
  throw new Error(`the sign-in did not end within ${maxHops} redirects`);
}

import type { Hono } from 'hono';

/** What a browser window sees of one response. */
export interface BrowserResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A browser for in-process route tests: it keeps the cookies the app sets (name and path, as a
 * browser would scope them) and sends them back on matching requests.
 *
 * @example
 * const browser = oauthBrowser(app);
 * const start = await browser.open(authorizationUrl); // 302 to the provider, cookie kept
 */
export function oauthBrowser(app: Pick<Hono, 'request'>) {
  const jar = new Map<string, { value: string; path: string }>();
  const cookieHeader = (path: string): string =>
    [...jar.entries()]
      .filter(([, cookie]) => path.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  const keep = (setCookies: string[]): void => {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const path =
        attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice('path='.length) ?? '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a));
      if (expired) jar.delete(name);
      else jar.set(name, { value, path });
    }
  };
  return {
    /** The cookies this browser holds. */
    cookies: jar,
    /** Requests a URL (absolute or a path) without following redirects. */
    async open(url: string): Promise<BrowserResponse> {
      const target = new URL(url, 'http://127.0.0.1:8787');
      const cookie = cookieHeader(target.pathname);
      const res = await app.request(target.pathname + target.search, {
        headers: cookie ? { cookie } : {},
      });
      keep(res.headers.getSetCookie());
      return { status: res.status, headers: res.headers, text: await res.text() };
    },
  };
}

/** A browser of {@link oauthBrowser}. */
export type OAuthBrowser = ReturnType<typeof oauthBrowser>;

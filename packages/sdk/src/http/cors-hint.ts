/** Server URLs already checked from this page: each is probed and explained at most once. */
const probed = new Set<string>();

/**
 * After a request from a browser page to another origin failed without a response, finds out
 * whether CORS refused it: a `no-cors` request to the same URL reaches a running server (its
 * answer is opaque, but it arrives), so the server is up and this page's origin is not allowed.
 * Then it says so once on the console, naming the setting to change.
 *
 * @example
 * explainCorsFailure('https://calsync.example.com', new URL('https://calsync.example.com/api/v1/integrations'), fetch);
 */
export function explainCorsFailure(baseUrl: string, url: URL, fetcher: typeof fetch): void {
  const page = (globalThis as { location?: { origin?: string } }).location?.origin;
  if (!page || page === 'null' || page === url.origin || probed.has(baseUrl)) return;
  probed.add(baseUrl);
  fetcher(url, { mode: 'no-cors', credentials: 'omit' }).then(
    () =>
      console.warn(
        `Calsync: ${page} is not an allowed origin of ${baseUrl}; add it to the Calsync server's ` +
          `CORS origins (CALSYNC_CORS_ORIGINS, comma-separated) and restart it.`,
      ),
    () => undefined,
  );
}

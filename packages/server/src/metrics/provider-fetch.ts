import { providerRequestDurationSeconds, providerRequestsTotal } from './registry.js';

/**
 * Wraps the fetch a provider's requests go through so each one is counted and timed in
 * `calsync_provider_requests_total` and `calsync_provider_request_duration_seconds`, by provider,
 * HTTP method and status (`error` when no answer came: refused, timed out, unreachable). The
 * URL never becomes a label, so calendar and event ids cannot explode the series.
 *
 * @example
 * const googleFetch = instrumentProviderFetch('google', guardedFetch);
 */
export function instrumentProviderFetch(
  provider: string,
  inner: typeof fetch,
  clock: () => number = () => performance.now(),
): typeof fetch {
  return async (input, init) => {
    const method = (
      init?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    const startedMs = clock();
    let status = 'error';
    try {
      const response = await inner(input, init);
      status = String(response.status);
      return response;
    } finally {
      const labels = { provider, method, status };
      providerRequestsTotal.inc(labels);
      providerRequestDurationSeconds.observe(labels, (clock() - startedMs) / 1000);
    }
  };
}

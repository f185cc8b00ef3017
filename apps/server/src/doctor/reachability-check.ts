import type { ServerConfig } from '../config.js';
import type { CheckResult } from './check-result.js';

/** How long the public URL may take to answer. */
export const REACHABILITY_TIMEOUT_MS = 5000;

/**
 * GETs `<CALSYNC_BASE_URL>/healthz` the way a provider's webhook would arrive: through the public
 * URL, the DNS, the TLS certificate and the reverse proxy. Any answer but 200 is a FAIL.
 *
 * @example
 * const result = await checkPublicUrl(config);
 */
export async function checkPublicUrl(
  config: ServerConfig,
  fetchImpl: typeof fetch = fetch,
): Promise<CheckResult> {
  const check = 'public-url';
  const url = `${config.baseUrl}/healthz`;
  try {
    const response = await fetchImpl(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(REACHABILITY_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status === 200) return { status: 'PASS', check, detail: `${url} answers 200` };
    return {
      status: 'FAIL',
      check,
      detail: `${url} answers ${response.status}: the proxy must pass /healthz and /webhooks/* to the api`,
    };
  } catch (error) {
    const cause = error instanceof Error ? (error.cause ?? error) : error;
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { status: 'FAIL', check, detail: `${url} did not answer (${reason})` };
  }
}

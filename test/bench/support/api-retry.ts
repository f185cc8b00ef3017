import type { HttpResult } from './provider-server.js';

/** How often the Calsync API throttled one logical call, and the call's final answer. */
export interface Throttled<T> {
  readonly result: HttpResult<T>;
  /** 429 answers before the final one. */
  readonly throttled: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `send()` until the Calsync API stops answering 429 `rate_limited`, waiting the
 * `Retry-After` seconds it names each time (1 s when absent), as a well-behaved host does.
 * Gives up after `maxAttempts` and returns the last answer.
 *
 * @example
 * const { result, throttled } = await retryingThrottled(() => s.api.call('POST', '/appointments', body));
 */
export async function retryingThrottled<T>(
  send: () => Promise<HttpResult<T>>,
  maxAttempts = 100,
): Promise<Throttled<T>> {
  let throttled = 0;
  for (;;) {
    const result = await send();
    if (result.status !== 429 || throttled + 1 >= maxAttempts) return { result, throttled };
    throttled += 1;
    const retryAfterS = Number(result.headers.get('retry-after'));
    await sleep((Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS : 1) * 1000);
  }
}

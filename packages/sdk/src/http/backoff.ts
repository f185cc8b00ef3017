/**
 * Exponential backoff with jitter: a random delay between half and all of
 * min(cap, base × 2^attempt). The random half keeps many clients from retrying in lockstep;
 * the fixed half keeps a retry from firing at once.
 *
 * @example
 * backoffDelayMs(3, { baseDelayMs: 500, maxDelayMs: 30_000 }); // somewhere in 2000..4000
 */
export function backoffDelayMs(
  attempt: number,
  options: { baseDelayMs: number; maxDelayMs: number; random?: () => number },
): number {
  const ceilingMs = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round((ceilingMs * (1 + (options.random ?? Math.random)())) / 2);
}

/**
 * Resolves after `delayMs`, or at once when `signal` aborts.
 *
 * @example
 * await sleep(250, controller.signal);
 */
export function sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, delayMs);
    signal?.addEventListener('abort', done);
  });
}

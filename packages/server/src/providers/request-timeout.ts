/**
 * A `fetch` whose every request (headers and body) is abandoned after `timeoutMs`: a provider
 * that accepts a connection and never answers fails the attempt as a network error — retried
 * like any transient failure — instead of holding a worker until the job expires. A caller's own
 * signal still aborts earlier.
 *
 * @example
 * const timed = withRequestTimeout(fetch, 30_000);
 * await timed('https://www.googleapis.com/calendar/v3/users/me/calendarList');
 */
export function withRequestTimeout(fetchImpl: typeof fetch, timeoutMs: number): typeof fetch {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new RangeError('the request timeout must be a positive number of milliseconds');
  }
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetchImpl(input, { ...init, signal });
  };
}

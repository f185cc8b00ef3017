/**
 * Faults the CalDAV end-to-end tests put between the sync workers and a real server: a create
 * whose response is lost after the server stored it, and a password the server no longer takes.
 */
export interface CalDAVFaults {
  readonly fetch: typeof fetch;
  /** URLs of every create (`PUT` with `If-None-Match: *`) sent, in order. */
  readonly creates: string[];
  /** The next create reaches the server, then the worker sees a network failure. */
  loseNextCreateResponse(): void;
  /** Until called with false, requests carry a password the server refuses. */
  rejectPassword(on: boolean): void;
}

/**
 * Wraps fetch with {@link CalDAVFaults}.
 *
 * @example
 * const faults = calDAVFaults(fetch);
 * faults.loseNextCreateResponse();
 */
export function calDAVFaults(inner: typeof fetch): CalDAVFaults {
  const creates: string[] = [];
  let loseCreate = false;
  let badPassword = false;
  const wrapped: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    const url = input instanceof Request ? input.url : String(input);
    if (badPassword) {
      headers.set('authorization', `Basic ${Buffer.from('alice:revoked').toString('base64')}`);
    }
    const isCreate = init?.method === 'PUT' && headers.get('if-none-match') === '*';
    if (isCreate) creates.push(url);
    const response = await inner(input, { ...init, headers });
    if (isCreate && loseCreate) {
      loseCreate = false;
      await response.arrayBuffer();
      throw new TypeError('fetch failed: connection reset after the request was sent');
    }
    return response;
  };
  return {
    fetch: wrapped,
    creates,
    loseNextCreateResponse: () => {
      loseCreate = true;
    },
    rejectPassword: (on) => {
      badPassword = on;
    },
  };
}

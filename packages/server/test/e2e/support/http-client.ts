/** A response with its status, headers, raw text and parsed JSON body (null when not JSON). */
export interface HttpResult<T> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** Calls an HTTP API over the network, JSON in and out. */
export interface HttpClient {
  call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResult<T>>;
  get<T = unknown>(path: string): Promise<HttpResult<T>>;
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

/** An {@link HttpClient} for `root`, sending `headers()` (e.g. a bearer token) on every call. */
export function httpClient(root: string, headers: () => Record<string, string>): HttpClient {
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) => {
    const res = await fetch(`${root}${path}`, {
      method,
      headers: {
        ...headers(),
        ...extra,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: parseJson(text) as T };
  };
  return { call, get: (path) => call('GET', path) };
}

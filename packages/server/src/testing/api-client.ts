import type { Hono } from 'hono';

/** A response with its parsed JSON body. */
export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * Calls an app in-process with a bearer token, JSON in and out — how route tests speak to the API.
 *
 * @example
 * const api = apiClient(app, secretKey);
 * const { status, body } = await api.post('/appointments', {...});
 */
export function apiClient(app: Pick<Hono, 'request'>, token: string) {
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<TestResponse<T>> => {
    const res = await app.request(`/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : null) as T,
    };
  };
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
    put: <T = unknown>(path: string, body: unknown) => call<T>('PUT', path, body),
    /** A JSON merge patch (`application/merge-patch+json` unless `contentType` says otherwise). */
    patch: <T = unknown>(
      path: string,
      body: unknown,
      contentType = 'application/merge-patch+json',
    ) => call<T>('PATCH', path, body, contentType),
    delete: <T = unknown>(path: string) => call<T>('DELETE', path),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

import type { Hono } from 'hono';
import type { GraphDeps } from '../deps.js';
import { GraphError } from '../errors.js';
import { graphApp, readJSONObject } from '../http.js';

const MAX_BATCH_REQUESTS = 20;

interface BatchRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * JSON `$batch`: members run through the whole app one by one, so each is authenticated and
 * throttled on its own; the batch itself answers 200 even when members fail.
 */
export function batchRoutes(deps: GraphDeps, root: () => Hono) {
  const app = graphApp(deps);
  app.post('/$batch', async (c) => {
    const body = await readJSONObject(c);
    const requests = body.requests as BatchRequest[] | undefined;
    if (!Array.isArray(requests) || requests.length === 0)
      throw new GraphError(400, 'BadRequest', 'requests is required.');
    if (requests.length > MAX_BATCH_REQUESTS) {
      throw new GraphError(
        400,
        'BadRequest',
        `The number of batch requests exceeds the maximum of ${MAX_BATCH_REQUESTS}.`,
      );
    }
    const responses = [];
    for (const request of requests) {
      const path = request.url.startsWith('/') ? request.url : `/${request.url}`;
      const headers = new Headers(request.headers ?? {});
      headers.set('authorization', c.req.header('authorization') ?? '');
      const hasBody = request.body !== undefined && request.method !== 'GET';
      if (hasBody && !headers.has('content-type')) headers.set('content-type', 'application/json');
      const response = await root().fetch(
        new Request(`http://batch.invalid/v1.0${path}`, {
          method: request.method,
          headers,
          body: hasBody ? JSON.stringify(request.body) : undefined,
        }),
      );
      const text = await response.text();
      responses.push({
        id: request.id,
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      });
    }
    return c.json({ responses });
  });
  return app;
}

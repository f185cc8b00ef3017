import { ResponseTooLargeError } from './errors.js';

/** See `CALSYNC_PROVIDER_MAX_RESPONSE_BYTES`: a REPORT of a few thousand events fits many times. */
export const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** Checks a byte cap: a positive whole number. */
export function assertByteCap(maxBytes: number): void {
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new RangeError('the response size cap must be a positive whole number of bytes');
  }
}

/** Whether a declared `Content-Length` is above the cap. */
export function declaresMoreThan(headers: Headers, maxBytes: number): boolean {
  const declared = Number(headers.get('content-length'));
  return Number.isFinite(declared) && declared > maxBytes;
}

/** Carries over what `new Response()` cannot set. */
export function withUrl(response: Response, url: string, redirected: boolean): Response {
  Object.defineProperty(response, 'url', { value: url });
  Object.defineProperty(response, 'redirected', { value: redirected });
  return response;
}

/**
 * The same answer with a body that errors with {@link ResponseTooLargeError} once more than
 * `maxBytes` have streamed through (the rest is never read: the source is cancelled). An answer
 * declaring a larger `Content-Length` is refused before its body is read.
 *
 * @example
 * const response = await capResponseBody(await fetch(url), 50 * 1024 * 1024);
 * const text = await response.text(); // rejects with ResponseTooLargeError past the cap
 */
export async function capResponseBody(response: Response, maxBytes: number): Promise<Response> {
  // A test double that is not a real Response has nothing to stream.
  if (!(response instanceof Response)) return response;
  if (declaresMoreThan(response.headers, maxBytes)) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes);
  }
  if (!response.body) return response;
  let seen = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) controller.error(new ResponseTooLargeError(maxBytes));
      else controller.enqueue(chunk);
    },
  });
  const capped = new Response(response.body.pipeThrough(counter), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  return withUrl(capped, response.url, response.redirected);
}

/**
 * A `fetch` whose every answer is read through {@link capResponseBody}.
 *
 * @example
 * const capped = withResponseCap(fetch, 50 * 1024 * 1024);
 */
export function withResponseCap(fetchImpl: typeof fetch, maxBytes: number): typeof fetch {
  assertByteCap(maxBytes);
  return async (input, init) => capResponseBody(await fetchImpl(input, init), maxBytes);
}

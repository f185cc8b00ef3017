import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { Readable, Transform, pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { PUBLIC_ONLY, type AddressPolicy } from './address-policy.js';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  assertByteCap,
  declaresMoreThan,
  withUrl,
} from './capped-body.js';
import { ResponseTooLargeError, ServerUnreachableError } from './errors.js';
import { guardedLookup, resolveWithDns, type ResolveHost } from './guarded-lookup.js';
import { literalTargetRefusal, targetHost } from './target-url.js';

/** Redirects followed before giving up. */
export const DEFAULT_MAX_REDIRECTS = 5;

/** Options of {@link createGuardedFetch}. */
export interface GuardedFetchOptions {
  /** Which addresses may be connected to. Default {@link PUBLIC_ONLY}. */
  readonly policy?: AddressPolicy;
  /** Whole request (connect, answer, body) in milliseconds. Default: no limit of its own. */
  readonly timeoutMs?: number;
  /** Largest body read; see `capResponseBody`. Default 50 MiB. */
  readonly maxResponseBytes?: number;
  /** Redirects followed when `redirect` is `follow` (the default). Default 5. */
  readonly maxRedirects?: number;
  /** Keep connections open for the next request (default true); off for one-off instances. */
  readonly keepAlive?: boolean;
  /** Host name resolution; default DNS. */
  readonly resolveHost?: ResolveHost;
  /**
   * Told why a request got {@link ServerUnreachableError} (refused address, closed port,
   * timeout…), for a debug log; the caller only ever sees the one message.
   */
  readonly onUnreachable?: (details: { readonly url: string; readonly reason: string }) => void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language'];

interface Hop {
  readonly url: URL;
  readonly method: string;
  readonly headers: Headers;
  readonly body: Buffer | null;
}

function decoders(encoding: string | null): Transform[] {
  return (encoding ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity')
    .reverse()
    .map((e) => {
      if (e === 'gzip' || e === 'x-gzip') return zlib.createGunzip();
      if (e === 'deflate') return zlib.createInflate();
      if (e === 'br') return zlib.createBrotliDecompress();
      return new Transform({ transform: (chunk, _enc, done) => done(null, chunk) });
    });
}

function counter(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(new ResponseTooLargeError(maxBytes));
      else done(null, chunk);
    },
  });
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  }
  return headers;
}

function safeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * A `fetch` for URLs that come from users (CalDAV servers, webhook endpoints, and the hosts the
 * workers sync later): over `node:http`/`node:https` with a `lookup` hook that resolves each name
 * once and connects only to addresses the policy allows, IP literals checked before connecting.
 * TLS still verifies the certificate against the host name (SNI). Redirects are followed by hand,
 * each hop checked again, at most `maxRedirects`, without `Authorization`/`Cookie` once the origin
 * changes; `redirect: 'manual'` returns the 3xx. Bodies stream through a byte cap. Every failure
 * to get an answer — refused address, closed port, timeout — is the same
 * {@link ServerUnreachableError}.
 *
 * @example
 * const guarded = createGuardedFetch({ policy: PUBLIC_ONLY, timeoutMs: 30_000 });
 * const answer = await guarded('https://caldav.example.com/', { method: 'PROPFIND' });
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}): typeof fetch {
  const policy = options.policy ?? PUBLIC_ONLY;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  assertByteCap(maxBytes);
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const resolveHost = options.resolveHost ?? resolveWithDns;
  const agents = {
    http: new http.Agent({ keepAlive: options.keepAlive ?? true }),
    https: new https.Agent({ keepAlive: options.keepAlive ?? true }),
  };

  const unreachable = (url: URL, reason: string, cause?: unknown) => {
    options.onUnreachable?.({ url: safeUrl(url), reason });
    return new ServerUnreachableError(cause === undefined ? {} : { cause });
  };

  const send = (hop: Hop, signal: AbortSignal): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      if (signal.aborted) {
        return reject(unreachable(hop.url, `aborted: ${String(signal.reason)}`, signal.reason));
      }
      const refusal = literalTargetRefusal(hop.url, policy);
      if (refusal) return reject(unreachable(hop.url, `refused: ${refusal}`));
      const host = targetHost(hop.url);
      const lookup =
        host.kind === 'localhost'
          ? guardedLookup(policy, async () => host.addresses)
          : guardedLookup(policy, resolveHost);
      const headers: Record<string, string> = {};
      hop.headers.forEach((value, name) => (headers[name] = value));
      if (hop.body) headers['content-length'] = String(hop.body.length);
      if (!hop.headers.has('accept-encoding')) headers['accept-encoding'] = 'gzip, deflate, br';
      const https_ = hop.url.protocol === 'https:';
      const request = (https_ ? https : http).request(hop.url, {
        method: hop.method,
        headers,
        agent: https_ ? agents.https : agents.http,
        lookup,
      });
      let response: IncomingMessage | null = null;
      // Listeners first: an 'error' without one would end the process.
      request.on('error', (error) => {
        done();
        if (error instanceof ServerUnreachableError) return reject(error);
        reject(unreachable(hop.url, `${error.name}: ${error.message}`, error));
      });
      const onAbort = () => {
        const error = unreachable(hop.url, `aborted: ${String(signal.reason)}`, signal.reason);
        if (response) response.destroy(error);
        request.destroy(error);
        reject(error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => signal.removeEventListener('abort', onAbort);
      request.on('response', (res) => {
        response = res;
        // Body errors reach the reader through the stream below; never as an unhandled event.
        res.on('error', () => undefined);
        const status = res.statusCode ?? 0;
        const resHeaders = responseHeaders(res);
        if (status < 200 || status > 599) {
          res.destroy();
          done();
          return reject(unreachable(hop.url, `status ${status}`));
        }
        if (declaresMoreThan(resHeaders, maxBytes)) {
          res.destroy();
          done();
          return reject(new ResponseTooLargeError(maxBytes));
        }
        res.once('close', done);
        if (hop.method === 'HEAD' || NULL_BODY.has(status)) {
          res.resume();
          return resolve(
            new Response(null, { status, statusText: res.statusMessage, headers: resHeaders }),
          );
        }
        const stages = [...decoders(resHeaders.get('content-encoding')), counter(maxBytes)];
        const last = stages[stages.length - 1]!;
        pipeline([res, ...stages], () => undefined);
        const body = Readable.toWeb(last) as ReadableStream<Uint8Array>;
        resolve(new Response(body, { status, statusText: res.statusMessage, headers: resHeaders }));
      });
      request.end(hop.body ?? undefined);
    });

  return async (input, init) => {
    // The caller's signal is combined here, not handed to `Request` (which rejects signals of
    // other realms and polyfills).
    const { signal: given, ...rest } = init ?? {};
    const request = new Request(input, rest);
    const signal = AbortSignal.any([
      request.signal,
      ...(given instanceof AbortSignal ? [given] : []),
      ...(options.timeoutMs === undefined ? [] : [AbortSignal.timeout(options.timeoutMs)]),
    ]);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
    let hop: Hop = {
      url: new URL(request.url),
      method: request.method,
      headers: new Headers(request.headers),
      body,
    };
    for (let redirects = 0; ; redirects++) {
      const response = await send(hop, signal);
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null || request.redirect === 'manual') {
        return withUrl(response, hop.url.href, redirects > 0);
      }
      await response.body?.cancel().catch(() => undefined);
      if (request.redirect === 'error') throw new TypeError(`redirected to ${location}`);
      if (redirects >= maxRedirects) throw unreachable(hop.url, 'too many redirects');
      let next: URL;
      try {
        next = new URL(location, hop.url);
      } catch {
        throw unreachable(hop.url, 'redirect to an invalid URL');
      }
      const headers = new Headers(hop.headers);
      if (next.origin !== hop.url.origin)
        for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      const toGet =
        response.status === 303
          ? hop.method !== 'HEAD'
          : (response.status === 301 || response.status === 302) && hop.method === 'POST';
      if (toGet) for (const name of BODY_HEADERS) headers.delete(name);
      hop = {
        url: next,
        method: toGet ? 'GET' : hop.method,
        headers,
        body: toGet ? null : hop.body,
      };
    }
  };
}

import { davRequest } from 'tsdav';
import { errorForStatus, networkError } from '../errors.js';
import { type DAVEntry, type MultiStatus, toEntries, topLevelSyncToken } from './multistatus.js';

/** What a {@link DAVTransport} needs. */
export interface DAVTransportOptions {
  readonly fetch: typeof fetch;
  readonly username: string;
  readonly password: string;
  readonly now: () => Date;
}

/** A raw answer to GET/PUT/DELETE. */
export interface DAVRawResponse {
  readonly status: number;
  readonly etag: string | null;
  readonly body: string;
  readonly headers: Headers;
}

/**
 * HTTP for CalDAV: Basic auth sent preemptively (iCloud's 401 challenge also offers a token
 * scheme that confuses clients), tsdav's multistatus parser for WebDAV answers, and every
 * failure translated into core's error classes at this boundary.
 */
export class DAVTransport {
  private readonly authorization: string;

  constructor(private readonly options: DAVTransportOptions) {
    const basic = Buffer.from(`${options.username}:${options.password}`, 'utf8').toString('base64');
    this.authorization = `Basic ${basic}`;
  }

  /** Sends a request and returns the answer whatever its status (network errors throw). */
  async raw(
    method: string,
    url: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ): Promise<DAVRawResponse> {
    let response: Response;
    try {
      response = await this.options.fetch(url, {
        method,
        headers: { authorization: this.authorization, ...init.headers },
        ...(init.body === undefined ? {} : { body: init.body }),
      });
    } catch (error) {
      throw networkError(`${method} ${url}`, error);
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      throw networkError(`${method} ${url} (reading the answer)`, error);
    }
    return {
      status: response.status,
      etag: response.headers.get('etag'),
      body,
      headers: response.headers,
    };
  }

  /**
   * PROPFIND or REPORT answered with a multistatus. Non-207 answers throw the matching error
   * unless `acceptStatus` says the caller handles them (then `entries` is empty).
   */
  async multistatus(
    method: 'PROPFIND' | 'REPORT',
    url: string,
    body: string,
    options: { depth?: '0' | '1'; acceptStatus?: (status: number) => boolean } = {},
  ): Promise<MultiStatus> {
    let status = 0;
    let text = '';
    let retryAfter: string | null = null;
    const capture: typeof fetch = async (input, init) => {
      const response = await this.options.fetch(input, init);
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.clone().text();
      return response;
    };
    let parsed: Awaited<ReturnType<typeof davRequest>>;
    try {
      parsed = await davRequest({
        url,
        init: {
          method,
          headers: {
            authorization: this.authorization,
            'content-type': 'application/xml; charset=utf-8',
            ...(options.depth ? { depth: options.depth } : {}),
          },
          body,
        },
        convertIncoming: false,
        fetch: capture,
      });
    } catch (error) {
      throw networkError(`${method} ${url}`, error);
    }
    if (status !== 207) {
      if (options.acceptStatus?.(status)) return { status, entries: [], syncToken: null, text };
      throw errorForStatus(status, `${method} ${url}`, {
        retryAfter,
        now: this.options.now(),
        cause: text.slice(0, 500),
      });
    }
    const entries: DAVEntry[] = toEntries(parsed, url);
    return { status, entries, syncToken: topLevelSyncToken(text), text };
  }

  /** Throws the matching error for an unexpected raw answer. */
  fail(response: DAVRawResponse, what: string): never {
    throw errorForStatus(response.status, what, {
      retryAfter: response.headers.get('retry-after'),
      now: this.options.now(),
      cause: response.body.slice(0, 500),
    });
  }
}

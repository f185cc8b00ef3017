import { Client } from '@microsoft/microsoft-graph-client';
import type { GraphRequest } from '@microsoft/microsoft-graph-client';
import { GRAPH_VERSION } from '../facts.js';
import { toProviderError } from './errors.js';
import type { RequestLimiter } from './limiter.js';
import {
  BearerAuthMiddleware,
  FetchMiddleware,
  LimiterMiddleware,
  PreferMiddleware,
} from './middleware.js';

/** Preferences on every call: UTC times, plain-text bodies, ids that survive moves. */
export const DEFAULT_PREFERENCES = [
  'outlook.timezone="UTC"',
  'outlook.body-content-type="text"',
  'IdType="ImmutableId"',
] as const;

/** Options of {@link GraphApi}. */
export interface GraphApiOptions {
  /** Graph root without the version, e.g. `https://graph.microsoft.com`. */
  readonly graphBaseUrl: string;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  readonly getAccessToken: () => Promise<string>;
  readonly limiter: RequestLimiter;
}

/** Per-call options. */
export interface GraphCallOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Names the operation in error messages. */
  readonly action?: string;
}

/**
 * The adapter's only door to Graph: the official client behind our middleware chain, with every
 * failure translated into core's error classes. Paths are relative to `/v1.0`; absolute
 * `@odata.nextLink`/`deltaLink` URLs on our base are accepted too.
 *
 * @example
 * const graph = new GraphApi({ graphBaseUrl, fetch, now, getAccessToken, limiter });
 * const me = await graph.get<{ mail: string }>('/me');
 */
export class GraphApi {
  readonly client: Client;
  private readonly versionRoot: string;

  constructor(private readonly options: GraphApiOptions) {
    const baseUrl = options.graphBaseUrl.replace(/\/+$/, '');
    this.versionRoot = `${baseUrl}/${GRAPH_VERSION}`;
    this.client = Client.initWithMiddleware({
      baseUrl: `${baseUrl}/`,
      defaultVersion: GRAPH_VERSION,
      // The client chains an array itself (each `setNext` the following one).
      middleware: [
        new PreferMiddleware(DEFAULT_PREFERENCES),
        new BearerAuthMiddleware(options.getAccessToken),
        new LimiterMiddleware(options.limiter),
        new FetchMiddleware(options.fetch),
      ],
    });
  }

  /**
   * A link Graph handed out (`nextLink`, `deltaLink`, `Location`) as a path for the client:
   * the client only strips `https://` hosts itself, so links on an http base are cut here.
   */
  relativePath(link: string): string {
    if (link.startsWith(`${this.versionRoot}/`)) return link.slice(this.versionRoot.length);
    const https = /^https:\/\/[^/]+\/v1\.0(\/.*)$/.exec(link);
    return https ? https[1]! : link;
  }

  async get<T>(path: string, options: GraphCallOptions = {}): Promise<T> {
    return this.call(path, options, (request) => request.get() as Promise<T>);
  }

  async post<T>(path: string, body: unknown, options: GraphCallOptions = {}): Promise<T> {
    return this.call(path, options, (request) => request.post(body) as Promise<T>);
  }

  async patch<T>(path: string, body: unknown, options: GraphCallOptions = {}): Promise<T> {
    return this.call(path, options, (request) => request.patch(body) as Promise<T>);
  }

  async delete(path: string, options: GraphCallOptions = {}): Promise<void> {
    await this.call(path, options, (request) => request.delete() as Promise<unknown>);
  }

  private async call<T>(
    path: string,
    options: GraphCallOptions,
    send: (request: GraphRequest) => Promise<T>,
  ): Promise<T> {
    let request = this.client.api(this.relativePath(path));
    if (options.headers) request = request.headers({ ...options.headers });
    try {
      return await send(request);
    } catch (error) {
      throw toProviderError(error, this.options.now(), options.action ?? path.split('?')[0]);
    }
  }
}

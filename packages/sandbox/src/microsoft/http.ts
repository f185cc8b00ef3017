import { Hono } from 'hono';
import type { Context } from 'hono';
import type { GraphDeps, GraphEnv } from './deps.js';
import { GraphError, graphErrorResponse } from './errors.js';
import { toIANAZone } from './time.js';

/** A Hono app whose errors render in Graph's envelope. */
export function graphApp(deps: GraphDeps): Hono<GraphEnv> {
  const app = new Hono<GraphEnv>();
  app.onError((error, c) => {
    const graphError =
      error instanceof GraphError
        ? error
        : new GraphError(500, 'InternalServerError', `Internal error: ${error.message}`);
    return graphErrorResponse(c, graphError, deps.ctx.now());
  });
  return app;
}

/** Parses `Prefer` (several preferences, comma separated, values possibly quoted) into lower-cased keys. */
export function parsePrefer(header: string | undefined): Map<string, string> {
  const prefs = new Map<string, string>();
  if (!header) return prefs;
  for (const part of header.match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    const [rawKey, ...rest] = part.split('=');
    const key = rawKey?.trim().toLowerCase();
    if (!key) continue;
    prefs.set(key, rest.join('=').trim().replace(/^"|"$/g, ''));
  }
  return prefs;
}

/** Reads `Prefer` into the context: time zone and body type for rendering. */
export async function preferMiddleware(
  c: Context<GraphEnv>,
  next: () => Promise<void>,
): Promise<void> {
  const prefer = parsePrefer(c.req.header('prefer'));
  const zone = prefer.get('outlook.timezone');
  const preferredZone = zone && toIANAZone(zone) ? zone : null;
  const bodyType = prefer.get('outlook.body-content-type');
  c.set('prefer', prefer);
  c.set('render', {
    preferredZone,
    bodyContentType: bodyType === 'text' || bodyType === 'html' ? bodyType : null,
  });
  await next();
  if (preferredZone)
    c.header('Preference-Applied', `outlook.timezone="${preferredZone}"`, { append: true });
}

/** Parses a JSON object body or throws Graph's 400. */
export async function readJSONObject(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new GraphError(
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GraphError(400, 'BadRequest', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** The page size a client asked for via `$top` or `Prefer: odata.maxpagesize`. */
export function requestedPageSize(c: Context<GraphEnv>, fallback: number): number {
  const top = Number(c.req.query('$top'));
  if (Number.isInteger(top) && top > 0) return Math.min(top, 1000);
  const max = Number(c.get('prefer').get('odata.maxpagesize'));
  if (Number.isInteger(max) && max > 0) return Math.min(max, 1000);
  return fallback;
}

/** The request URL rebuilt on the public base (the app may be mounted below a prefix). */
export function publicURL(deps: GraphDeps, path: string, query: Record<string, string>): string {
  // Graph writes `$skiptoken`/`$deltatoken` with a literal `$`; URLSearchParams would encode it.
  const search = Object.entries(query)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('&');
  return `${deps.ctx.providerBaseUrl()}${path}${search ? `?${search}` : ''}`;
}

/** Builds a `{value, @odata.nextLink?}` page by `$skip`. */
export function pageBySkip<T>(
  c: Context<GraphEnv>,
  deps: GraphDeps,
  items: T[],
  context: string,
  defaultPageSize: number,
): Record<string, unknown> {
  const pageSize = requestedPageSize(c, defaultPageSize);
  const skip = Math.max(0, Number(c.req.query('$skip') ?? 0) || 0);
  const page = items.slice(skip, skip + pageSize);
  const result: Record<string, unknown> = {
    '@odata.context': `${deps.ctx.providerBaseUrl()}/v1.0/$metadata#${context}`,
    value: page,
  };
  if (skip + pageSize < items.length) {
    const query = Object.fromEntries(new URL(c.req.url).searchParams);
    const path = `/v1.0${graphPath(c)}`;
    result['@odata.nextLink'] = publicURL(deps, path, { ...query, $skip: String(skip + pageSize) });
  }
  return result;
}

/** The request path below `/v1.0`, whatever prefix the app is mounted under. */
export function graphPath(c: Context): string {
  const path = new URL(c.req.url).pathname;
  const index = path.indexOf('/v1.0/');
  return index < 0 ? path : path.slice(index + 5);
}

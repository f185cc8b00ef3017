import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';

/** The script-tag edition of `@calsync/elements`, read once from the installed package. */
export interface ElementsAssets {
  /** The package version, the one path segment `/elements/{version}/` answers to. */
  version: string;
  /** `sha384-…` of `calsync-elements.js`, for `<script integrity>`. */
  integrity: string;
  /** Served path below `/elements/{version}/` → its body, type and ETag. */
  files: ReadonlyMap<string, ElementsFile>;
}

/** One served file, read into memory at start-up (the three are small). */
export interface ElementsFile {
  body: Uint8Array;
  /** The `Content-Type` it is sent with. */
  contentType: string;
  /** A strong `ETag`: the quoted base64url SHA-256 of the body. */
  etag: string;
}

/** The files served, by path below the version; anything else is a 404. */
const SERVED_FILES: Readonly<Record<string, string>> = {
  'calsync-elements.js': 'text/javascript; charset=utf-8',
  'locales/de.js': 'text/javascript; charset=utf-8',
  'integrity.json': 'application/json; charset=utf-8',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** `latest` moves with each release: browsers and proxies may keep its redirect this long. */
const LATEST_REDIRECT_CACHE = 'public, max-age=300';

/** The installed `@calsync/elements` package's `dist/cdn` (resolved as Node resolves it). */
export function elementsCdnDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@calsync/elements/cdn/integrity.json'));
}

/**
 * Reads the script-tag edition of the elements (`calsync-elements.js`, its German catalog and
 * `integrity.json`) from `cdnDir`; undefined when it is not there (the package is not built).
 *
 * @example
 * const assets = loadElementsAssets();
 * if (assets) app.route('/elements', elementsRoutes(assets));
 */
export function loadElementsAssets(cdnDir?: string): ElementsAssets | undefined {
  let dir: string;
  let published: { file?: unknown; integrity?: unknown; version?: unknown };
  try {
    dir = cdnDir ?? elementsCdnDir();
    published = JSON.parse(readFileSync(join(dir, 'integrity.json'), 'utf8')) as typeof published;
  } catch {
    return undefined;
  }
  if (typeof published.version !== 'string' || typeof published.integrity !== 'string') {
    return undefined;
  }
  const files = new Map<string, ElementsFile>();
  for (const [path, contentType] of Object.entries(SERVED_FILES)) {
    let body: Uint8Array;
    try {
      body = readFileSync(join(dir, path));
    } catch {
      continue;
    }
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    files.set(path, { body, contentType, etag });
  }
  if (!files.has('calsync-elements.js')) return undefined;
  return { version: published.version, integrity: published.integrity, files };
}

/**
 * `GET /elements/{version}/calsync-elements.js` (and `locales/de.js`, `integrity.json`): the
 * elements as one module for a `<script type="module">` on any origin — cached for a year and
 * immutable (a version's files never change), `Access-Control-Allow-Origin: *` (a module script
 * from another origin is fetched with CORS), an `ETag`, no MIME sniffing. Only those names under
 * the installed version are served; `/elements/latest/…` redirects (302) to the versioned path.
 * Mount at `/elements`.
 *
 * @example
 * app.route('/elements', elementsRoutes(assets));
 */
export function elementsRoutes(assets: ElementsAssets): Hono {
  const app = new Hono();
  app.get('/:version/:path{.+}', (c) => {
    const { version, path } = c.req.param();
    const file = assets.files.get(path);
    if (!file || (version !== 'latest' && version !== assets.version)) return c.notFound();
    c.header('Access-Control-Allow-Origin', '*');
    c.header('X-Content-Type-Options', 'nosniff');
    if (version === 'latest') {
      c.header('Cache-Control', LATEST_REDIRECT_CACHE);
      const versioned = c.req.path.replace(/\/latest\/[^]*$/, `/${assets.version}/${path}`);
      return c.redirect(versioned, 302);
    }
    c.header('Cache-Control', IMMUTABLE);
    c.header('ETag', file.etag);
    if (c.req.header('If-None-Match') === file.etag) return c.body(null, 304);
    c.header('Content-Type', file.contentType);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200);
  });
  return app;
}

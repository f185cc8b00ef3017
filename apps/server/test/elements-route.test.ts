import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementsCdnDir, elementsRoutes, loadElementsAssets } from '../src/elements-assets.js';

const cdnDir = elementsCdnDir();
const published = JSON.parse(readFileSync(join(cdnDir, 'integrity.json'), 'utf8')) as {
  file: string;
  integrity: string;
  version: string;
};
const version = published.version;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /elements/{version}/…', () => {
  let server: ServerType;
  let port: number;

  beforeAll(async () => {
    const assets = loadElementsAssets();
    expect(assets, 'build @calsync/elements first').toBeDefined();
    const app = new Hono();
    app.route('/elements', elementsRoutes(assets!));
    app.notFound((c) => c.json({ error: { code: 'not_found' } }, 404));
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        port = info.port;
        resolve();
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves the module with immutable caching, CORS for any origin, an ETag and nosniff', async () => {
    const res = await rawGet(port, `/elements/${version}/calsync-elements.js`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect(res.body.equals(readFileSync(join(cdnDir, 'calsync-elements.js')))).toBe(true);
  });

  it('serves a body whose sha384 is the integrity it publishes', async () => {
    const [script, integrity] = await Promise.all([
      rawGet(port, `/elements/${version}/calsync-elements.js`),
      rawGet(port, `/elements/${version}/integrity.json`),
    ]);
    expect(integrity.status).toBe(200);
    expect(integrity.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(integrity.headers['access-control-allow-origin']).toBe('*');
    const digest = createHash('sha384').update(script.body).digest('base64');
    expect(JSON.parse(integrity.body.toString('utf8'))).toEqual({
      file: 'calsync-elements.js',
      integrity: `sha384-${digest}`,
      version,
    });
  });

  it('serves the German catalog beside it', async () => {
    const res = await rawGet(port, `/elements/${version}/locales/de.js`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body.toString('utf8')).toContain('../calsync-elements.js');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await rawGet(port, `/elements/${version}/calsync-elements.js`);
    const again = await rawGet(port, `/elements/${version}/calsync-elements.js`, {
      'If-None-Match': String(first.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it('redirects latest to the versioned path, briefly cached', async () => {
    for (const file of ['calsync-elements.js', 'integrity.json', 'locales/de.js']) {
      const res = await rawGet(port, `/elements/latest/${file}`);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/elements/${version}/${file}`);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it.each([
    '/elements/0.0.0-other/calsync-elements.js',
    '/elements/latest/nothing.js',
    `/elements/${version}/`,
    `/elements/${version}/calsync-elements.js.map`,
    `/elements/${version}/index.js`,
    `/elements/${version}/locales/en.js`,
    `/elements/${version}/../package.json`,
    `/elements/${version}/locales/../../../package.json`,
    `/elements/${version}/..%2F..%2Fpackage.json`,
    `/elements/${version}/%2e%2e/%2e%2e/package.json`,
    `/elements/${version}/locales%2F..%2F..%2Fintegrity.json`,
    '/elements/../../package.json',
    `/elements/${version}/calsync-elements.js/`,
    `/elements/${version}//calsync-elements.js`,
  ])('answers 404 to %s', async (path) => {
    const res = await rawGet(port, path);
    expect(res.status).toBe(404);
    expect(res.body.toString('utf8')).not.toContain('"name"');
  });
});

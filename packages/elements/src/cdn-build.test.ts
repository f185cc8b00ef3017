import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const MAX_GZIPPED_BYTES = 35 * 1024;

const packageDir = new URL('../', import.meta.url);
const file = (path: string): string => fileURLToPath(new URL(path, packageDir));
const packageJson = JSON.parse(readFileSync(file('package.json'), 'utf8')) as {
  version: string;
  exports: Record<string, unknown>;
  unpkg: string;
  jsdelivr: string;
};

/** What esbuild reads of a built module: the names it exports and the files it pulls in. */
async function analyse(path: string): Promise<{ exports: string[]; inputs: string[] }> {
  const result = await build({
    entryPoints: [path],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['../calsync-elements.js'],
  });
  return {
    exports: Object.values(result.metafile.outputs)[0]!.exports.sort(),
    inputs: Object.keys(result.metafile.inputs),
  };
}

describe('the script-tag edition (dist/cdn)', () => {
  const cdnFile = file('dist/cdn/calsync-elements.js');

  it('is one module with Lit and the SDK inside: it imports nothing', async () => {
    expect(existsSync(cdnFile), 'build the package first (npm run build)').toBe(true);
    expect((await analyse(cdnFile)).inputs).toEqual(['dist/cdn/calsync-elements.js']);
    const body = readFileSync(cdnFile, 'utf8');
    expect(body).toContain('customElements');
    const gzippedBytes = gzipSync(body, { level: 9 }).byteLength;
    console.log(`@calsync/elements/cdn: ${gzippedBytes} bytes gzipped`);
    expect(gzippedBytes).toBeLessThanOrEqual(MAX_GZIPPED_BYTES);
  });

  it('exports everything @calsync/elements exports', async () => {
    const [whole, cdn] = await Promise.all([analyse(file('dist/index.js')), analyse(cdnFile)]);
    expect(whole.exports.length).toBeGreaterThan(10);
    expect(cdn.exports).toEqual(whole.exports);
  });

  it('publishes its sha384 integrity and the package version beside it', () => {
    const published = JSON.parse(readFileSync(file('dist/cdn/integrity.json'), 'utf8')) as unknown;
    const digest = createHash('sha384').update(readFileSync(cdnFile)).digest('base64');
    expect(published).toEqual({
      file: 'calsync-elements.js',
      integrity: `sha384-${digest}`,
      version: packageJson.version,
    });
  });

  it('has a German catalog that registers itself with the script-tag module', async () => {
    const body = readFileSync(file('dist/cdn/locales/de.js'), 'utf8');
    expect(body).toContain('from"../calsync-elements.js"');
    expect((await analyse(file('dist/cdn/locales/de.js'))).exports).toEqual(['de']);
  });

  it('is the package’s ./cdn export and its unpkg and jsdelivr file', () => {
    expect(packageJson.exports['./cdn']).toMatchObject({
      import: './dist/cdn/calsync-elements.js',
    });
    expect(packageJson.unpkg).toBe('dist/cdn/calsync-elements.js');
    expect(packageJson.jsdelivr).toBe('dist/cdn/calsync-elements.js');
  });
});

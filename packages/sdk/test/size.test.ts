import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** The size budget of the browser entry, minified and gzipped. */
const MAX_GZIPPED_BYTES = 6 * 1024;

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('browser entry size', () => {
  it(`is at most ${MAX_GZIPPED_BYTES} bytes minified and gzipped, with no Node built-ins`, async () => {
    expect(existsSync(entry), 'build the package first (npm run build)').toBe(true);
    // platform "browser" fails the bundle if the entry imports a Node built-in.
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const gzippedBytes = gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength;
    console.log(`@calsync/sdk browser entry: ${gzippedBytes} bytes minified and gzipped`);
    expect(gzippedBytes).toBeLessThanOrEqual(MAX_GZIPPED_BYTES);
  });
});

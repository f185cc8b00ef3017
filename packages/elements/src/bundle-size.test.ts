import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Every element, Lit and the SDK together, minified and gzipped, stay within this budget. */
const MAX_GZIPPED_BYTES = 35 * 1024;

const entry = fileURLToPath(new URL('../dist/define.js', import.meta.url));

describe('elements bundle size', () => {
  it(`is at most ${MAX_GZIPPED_BYTES} bytes for all elements with Lit and the SDK`, async () => {
    expect(existsSync(entry), 'build the package first (npm run build)').toBe(true);
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
    console.log(
      `@calsync/elements (all elements, Lit, SDK): ${gzippedBytes} bytes minified and gzipped`,
    );
    expect(gzippedBytes).toBeLessThanOrEqual(MAX_GZIPPED_BYTES);
  });
});

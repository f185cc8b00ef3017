import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Every element, Lit and the SDK together, minified and gzipped, stay within this budget. */
const MAX_GZIPPED_BYTES = 35 * 1024;

const distFile = (name: string): string =>
  fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

/** What a host's bundler ships for `import '<entry>'`: minified and gzipped bytes. */
async function shippedBytes(file: string): Promise<number> {
  expect(existsSync(file), 'build the package first (npm run build)').toBe(true);
  const result = await build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength;
}

describe('elements bundle size', () => {
  it(`is at most ${MAX_GZIPPED_BYTES} bytes for all elements with Lit and the SDK`, async () => {
    const gzippedBytes = await shippedBytes(distFile('define.js'));
    console.log(
      `@calsync/elements (all elements, Lit, SDK): ${gzippedBytes} bytes minified and gzipped`,
    );
    expect(gzippedBytes).toBeLessThanOrEqual(MAX_GZIPPED_BYTES);
  });

  it('ships less to a host that imports one element than to one that imports them all', async () => {
    const whole = await shippedBytes(distFile('define.js'));
    const syncStatus = await shippedBytes(distFile('sync-status.js'));
    console.log(
      `@calsync/elements/sync-status: ${syncStatus} bytes minified and gzipped ` +
        `(all elements: ${whole})`,
    );
    expect(syncStatus).toBeLessThan(whole);
  });
});

import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Every element, Lit and the SDK together, minified and gzipped, stay within this budget. */
const MAX_GZIPPED_BYTES = 35 * 1024;

/** The per-element entries (every `src/entries/<name>.ts`), each bundled alone as a host would. */
const ELEMENT_ENTRIES = readdirSync(new URL('./entries/', import.meta.url))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => file.slice(0, -'.ts'.length));

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
    for (const name of ELEMENT_ENTRIES) {
      const one = await shippedBytes(distFile(`${name}.js`));
      console.log(
        `@calsync/elements/${name}: ${one} bytes minified and gzipped (all elements: ${whole})`,
      );
      expect(one, name).toBeLessThan(whole);
    }
  });
});

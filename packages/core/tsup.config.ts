import { defineConfig } from 'tsup';

export default defineConfig({
  // `testing` is the provider contract kit (`@calsync/core/testing`); it imports vitest, which the
  // consumer's test run provides, so it is never bundled.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: ['vitest'],
});

import { defineConfig } from 'tsup';

export default defineConfig({
  // `testing` starts real Radicale / Xandikos servers for tests (`@calsync/caldav/testing`).
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});

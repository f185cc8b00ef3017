import { cp } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', main: 'src/main.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  sourcemap: true,
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  // The demo page is not published on its own: its backend code is bundled in, and its built page
  // (apps/demo, built first: a devDependency) copied to dist/public, which is where its
  // `demoAssetsDir()` looks from inside this bundle.
  noExternal: ['@calsync/demo'],
  async onSuccess() {
    await cp('../demo/dist/public', 'dist/public', { recursive: true });
  },
});

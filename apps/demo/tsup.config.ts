import { defineConfig } from 'tsup';

export default defineConfig({
  // The page itself (src/web) is built by vite into dist/public after this.
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});

import { defineConfig } from 'tsup';

export default defineConfig({
  // `define` registers the tags (the only entry with side effects); `testing` is the fake client.
  entry: ['src/index.ts', 'src/define.ts', 'src/testing.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'browser',
});

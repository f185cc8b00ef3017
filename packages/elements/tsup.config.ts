import { defineConfig } from 'tsup';

export default defineConfig({
  // `define` registers the tags and `locales/de` the German catalog (the entries with side
  // effects); `testing` is the fake client.
  entry: {
    index: 'src/index.ts',
    define: 'src/define.ts',
    testing: 'src/testing.ts',
    'locales/de': 'src/locales/de.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'browser',
});

import { readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

/**
 * One entry per element (`@calsync/elements/sync-status`, …), each registering its own tag: every
 * `src/entries/<name>.ts` is built to `dist/<name>.js`. A new element is one more file there (and
 * its `exports` and `sideEffects` lines in package.json, which `src/entries.test.ts` checks).
 */
const ELEMENT_ENTRIES = readdirSync(new URL('src/entries/', import.meta.url))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => file.slice(0, -'.ts'.length));

export default defineConfig({
  // `define`, `locales/de` and the per-element entries register something (the entries with side
  // effects); `testing` is the fake client. `scripts/build-cdn.mjs` then bundles the script-tag
  // edition into `dist/cdn/` from these.
  entry: {
    index: 'src/index.ts',
    define: 'src/define.ts',
    testing: 'src/testing.ts',
    'locales/de': 'src/locales/de.ts',
    ...Object.fromEntries(ELEMENT_ENTRIES.map((name) => [name, `src/entries/${name}.ts`])),
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'browser',
});

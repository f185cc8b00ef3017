import { defineConfig } from 'tsup';

/**
 * One entry per element (`@calsync/elements/sync-status`, …), each registering its own tag:
 * `src/entries/<name>.ts` built to `dist/<name>.js`. A new element is one more name here (and its
 * `exports` and `sideEffects` lines in package.json).
 */
const ELEMENT_ENTRIES = [
  'connect-button',
  'sync-status',
  'conflict-resolver',
  'availability',
  'calendar-picker',
] as const;

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

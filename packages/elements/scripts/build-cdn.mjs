/**
 * Builds the script-tag edition: `dist/cdn/calsync-elements.js`, one minified ES module with Lit
 * and the SDK inside that registers every tag and exports everything `@calsync/elements` exports;
 * `dist/cdn/locales/de.js`, the German catalog for it; and `dist/cdn/integrity.json`, the file's
 * sha384 Subresource Integrity value and the package version. Runs after tsup, from `dist/`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
const cdn = new URL('cdn/', dist);
const FILE = 'calsync-elements.js';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const shared = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
  // tsup's chunks import each other bare for ordering; they are declarations only (package.json
  // lists what has side effects), so esbuild rightly drops what nothing uses.
  logOverride: { 'ignored-bare-import': 'silent' },
  banner: { js: `/* @calsync/elements ${version} | Apache-2.0 */` },
};

mkdirSync(new URL('locales/', cdn), { recursive: true });

// Everything the package exports, and every tag registered on load.
await build({
  ...shared,
  stdin: {
    contents: "export * from './index.js';\nimport './define.js';\n",
    resolveDir: dist.pathname,
    sourcefile: 'cdn.js',
  },
  outfile: new URL(FILE, cdn).pathname,
});

// The German catalog registers itself with the module above (imported, not bundled again: one
// catalog registry per page).
await build({
  ...shared,
  stdin: {
    contents: [
      `import { registerCalsyncLocale } from '../${FILE}';`,
      "import { de } from './locales/de-catalog.js';",
      "registerCalsyncLocale('de', de);",
      'export { de };',
    ].join('\n'),
    resolveDir: new URL('../src/', import.meta.url).pathname,
    sourcefile: 'cdn-de.js',
  },
  external: [`../${FILE}`],
  outfile: new URL('locales/de.js', cdn).pathname,
});

const body = readFileSync(new URL(FILE, cdn));
const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`;
writeFileSync(
  new URL('integrity.json', cdn),
  `${JSON.stringify({ file: FILE, integrity, version }, null, 2)}\n`,
);

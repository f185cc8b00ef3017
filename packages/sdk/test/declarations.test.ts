import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The module specifiers a declaration file imports, exports from, or references. */
function specifiers(source: string): string[] {
  const found = [
    ...source.matchAll(/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/\bimport\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/\/\/\/\s*<reference\s+(?:types|path)=['"]([^'"]+)['"]/g),
  ];
  return found.sort((a, b) => a.index - b.index).map((match) => match[1]!);
}

describe('the published declarations', () => {
  for (const file of ['index.d.ts', 'index.d.cts']) {
    it(`${file} imports nothing from outside the package`, () => {
      const path = fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
      expect(existsSync(path), 'build the package first (npm run build)').toBe(true);
      const outside = specifiers(readFileSync(path, 'utf8')).filter((s) => !s.startsWith('.'));
      expect(outside).toEqual([]);
    });
  }

  it('reads every kind of import', () => {
    const source = [
      "import type { A } from 'hono/types';",
      "export { B } from '@calsync/server';",
      "type C = import('zod').ZodType;",
      "import 'side-effect';",
      '/// <reference types="node" />',
      "import { D } from './own.js';",
    ].join('\n');
    expect(specifiers(source)).toEqual([
      'hono/types',
      '@calsync/server',
      'zod',
      'side-effect',
      'node',
      './own.js',
    ]);
  });
});

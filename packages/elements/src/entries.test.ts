import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const names = readdirSync(new URL('./entries/', import.meta.url))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => file.slice(0, -'.ts'.length));
const packageJson = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { exports: Record<string, unknown>; sideEffects: string[] };

describe('per-element entries', () => {
  it('are the five elements at least', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'availability',
        'calendar-picker',
        'conflict-resolver',
        'connect-button',
        'sync-status',
      ]),
    );
  });

  it.each(names)('%s is exported with its types and listed as having a side effect', (name) => {
    expect(packageJson.exports[`./${name}`]).toEqual({
      types: `./dist/${name}.d.ts`,
      import: `./dist/${name}.js`,
    });
    expect(packageJson.sideEffects).toContain(`./dist/${name}.js`);
  });

  it.each(names)('%s registers the tag of its name', (name) => {
    const source = readFileSync(new URL(`./entries/${name}.ts`, import.meta.url), 'utf8');
    expect(source).toContain(`defineElement('calsync-${name}', `);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentationBlocks, extractCodeBlocks, type CodeBlock } from './code-blocks.js';
import { typeCheckBlocks, type BlockDiagnostic } from './type-check-blocks.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
/** Inside `test/`, so `@calsync/*` resolve to the workspace packages' built `dist` types. */
const scratch = () => mkdtemp(join(here, '.blocks-'));
const TSC_TIMEOUT_MS = 300_000;

/**
 * Third-party declaration files that do not compile on their own; an example importing a
 * package that depends on them cannot avoid them. Each entry is checked to still fail, so it
 * goes once the library is fixed. Anything else in a library's types fails the test.
 */
const BROKEN_THIRD_PARTY_TYPES: Record<string, string> = {
  '/node_modules/pg-boss/':
    "pg-boss 12's dist/*.d.ts import `ResolvedConstructorOptions`, which its types.d.ts does not " +
    "export, and `pg`, which ships no types; @calsync/server's declarations reach them",
};

/** One line per error, `README.md:42:7 TS2304: Cannot find name 'client'.`, so a failure says where. */
const report = (diagnostics: readonly BlockDiagnostic[]) =>
  diagnostics.map((d) => `${d.where} ${d.message}`);

describe('extractCodeBlocks', () => {
  it('finds ts, typescript and tsx blocks with the line their code starts on', () => {
    const markdown = [
      '# Title', // 1
      '```ts', // 2
      'const a = 1;', // 3
      '```', // 4
      '```sh', // 5
      'npm start', // 6
      '```', // 7
      '- a list item:', // 8
      '  ```typescript', // 9
      '  const b: number = a;', // 10
      '  ```', // 11
      '````tsx', // 12
      '```', // 13: inside the four-backtick block
      '<div />;', // 14
      '````', // 15
    ].join('\n');
    expect(extractCodeBlocks('x.md', markdown)).toEqual<CodeBlock[]>([
      { file: 'x.md', line: 3, kind: 'ts', code: 'const a = 1;' },
      { file: 'x.md', line: 10, kind: 'ts', code: 'const b: number = a;' },
      { file: 'x.md', line: 13, kind: 'tsx', code: '```\n<div />;' },
    ]);
  });

  it('skips the content of other languages, even when it looks like a fence opener', () => {
    const markdown = ['```html', '<p>```ts</p>', '```', '```js', 'let x;', '```'].join('\n');
    expect(extractCodeBlocks('x.md', markdown)).toEqual([]);
  });
});

describe('typeCheckBlocks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await scratch();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'reports each error by Markdown file and line, a syntax error hiding no other block',
    async () => {
      const good: CodeBlock = {
        file: 'docs/good.md',
        line: 10,
        kind: 'ts',
        code: "const greeting: string = 'hello';\nexport const size = greeting.length;",
      };
      const bad: CodeBlock = {
        file: 'docs/bad.md',
        line: 20,
        kind: 'tsx',
        code: 'const ok = 1;\nconst wrong: string = ok;\nconst el = <div title={ok} />;\nexport { el };',
      };
      const broken: CodeBlock = {
        file: 'docs/broken.md',
        line: 5,
        kind: 'ts',
        code: 'const x = ;',
      };
      // Two blocks with the same top-level names: each is a module of its own.
      const twin: CodeBlock = { ...good, file: 'docs/twin.md' };
      const diagnostics = await typeCheckBlocks([good, bad, broken, twin], dir);
      expect(diagnostics.map((d) => d.where).sort()).toEqual([
        'docs/bad.md:21:7',
        'docs/bad.md:22:17',
        'docs/broken.md:5:11',
      ]);
      const wrong = diagnostics.find((d) => d.where === 'docs/bad.md:21:7');
      expect(wrong?.message).toMatch(/^TS2322: Type 'number' is not assignable/);
      expect(wrong?.block).toBe(bad);
    },
    TSC_TIMEOUT_MS,
  );
});

/** Every TypeScript block of README.md, docs/*.md and the package and app READMEs. */
const blocks = await documentationBlocks(root);

describe('documentation code blocks compile in a strict host project', () => {
  let dir: string;
  let diagnostics: BlockDiagnostic[] = [];
  beforeAll(async () => {
    dir = await scratch();
    diagnostics = await typeCheckBlocks(blocks, dir);
  }, TSC_TIMEOUT_MS);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('includes the quickstart and every package README', () => {
    const files = new Set(blocks.map((b) => b.file));
    expect(files).toContain('docs/quickstart.md');
    expect(files).toContain('README.md');
    expect(files).toContain('packages/sdk/README.md');
    expect(files).toContain('packages/elements/README.md');
  });

  const knownBroken = (d: BlockDiagnostic) =>
    Object.keys(BROKEN_THIRD_PARTY_TYPES).some((path) => d.where.includes(path));

  it('the libraries the blocks import type-check too (skipLibCheck off)', () => {
    expect(report(diagnostics.filter((d) => d.block === null && !knownBroken(d)))).toEqual([]);
  });

  it.each(Object.entries(BROKEN_THIRD_PARTY_TYPES))(
    'third-party types known not to compile still do not (else drop the entry): %s',
    (path) => {
      expect(diagnostics.some((d) => d.block === null && d.where.includes(path))).toBe(true);
    },
  );

  it.each(blocks.map((block) => [`${block.file}:${block.line} (${block.kind})`, block] as const))(
    '%s',
    (_name, block) => {
      expect(report(diagnostics.filter((d) => d.block === block))).toEqual([]);
    },
  );
});

import { access, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** The fence languages whose blocks are TypeScript and must compile. */
const TYPESCRIPT_FENCES: Record<string, 'ts' | 'tsx'> = {
  ts: 'ts',
  typescript: 'ts',
  tsx: 'tsx',
};

/** One TypeScript code block of a Markdown file. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository root (`packages/sdk/README.md`). */
  file: string;
  /** 1-based line of the block's first code line in that file. */
  line: number;
  /** `tsx` blocks are compiled as TSX, the others as TS. */
  kind: 'ts' | 'tsx';
  /** The code, without the fences and without the fence's indentation. */
  code: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;

/**
 * Every ```ts / ```typescript / ```tsx block of one Markdown text, with the line it starts on.
 * Blocks of any other language (and their content) are skipped; an unclosed fence ends the file.
 *
 * @example
 * extractCodeBlocks('README.md', '# T\n```ts\nconst a = 1;\n```\n');
 * // [{ file: 'README.md', line: 3, kind: 'ts', code: 'const a = 1;' }]
 */
export function extractCodeBlocks(file: string, markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let open: { marker: string; indent: number; kind: 'ts' | 'tsx' | null; start: number } | null =
    null;
  let body: string[] = [];
  for (const [index, text] of lines.entries()) {
    const fence = FENCE.exec(text);
    if (!open) {
      if (!fence) continue;
      const [, indent = '', marker = '', language = ''] = fence;
      open = {
        marker,
        indent: indent.length,
        kind: TYPESCRIPT_FENCES[language.toLowerCase()] ?? null,
        start: index + 2,
      };
      body = [];
      continue;
    }
    const closes =
      fence !== null &&
      fence[2]!.startsWith(open.marker[0]!) &&
      fence[2]!.length >= open.marker.length &&
      text.trim() === fence[2];
    if (!closes) {
      body.push(text.slice(Math.min(open.indent, text.length - text.trimStart().length)));
      continue;
    }
    if (open.kind) blocks.push({ file, line: open.start, kind: open.kind, code: body.join('\n') });
    open = null;
  }
  return blocks;
}

/**
 * The Markdown files whose TypeScript must compile: `README.md`, `docs/*.md`, and the README of
 * every package and app, as paths relative to `root`.
 *
 * @example
 * await documentationFiles('/repo'); // ['README.md', 'apps/demo/README.md', 'docs/security.md', …]
 */
export async function documentationFiles(root: string): Promise<string[]> {
  const files = ['README.md'];
  const docs = await readdir(join(root, 'docs'), { withFileTypes: true }).catch(() => []);
  for (const entry of docs)
    if (entry.isFile() && entry.name.endsWith('.md')) files.push(join('docs', entry.name));
  for (const parent of ['packages', 'apps']) {
    const entries = await readdir(join(root, parent), { withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const readme = join(root, parent, entry.name, 'README.md');
      const exists = await access(readme).then(
        () => true,
        () => false,
      );
      if (exists) files.push(relative(root, readme));
    }
  }
  return files.sort();
}

/**
 * Every TypeScript block of the documentation files under `root`.
 *
 * @example
 * const blocks = await documentationBlocks('/repo');
 */
export async function documentationBlocks(root: string): Promise<CodeBlock[]> {
  const blocks: CodeBlock[] = [];
  for (const file of await documentationFiles(root))
    blocks.push(...extractCodeBlocks(file, await readFile(join(root, file), 'utf8')));
  return blocks;
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './code-blocks.js';

/**
 * What a strict host project compiles with: `strict`, library types checked too (what the
 * published `.d.ts` files ship must stand alone), React's automatic JSX runtime for `.tsx`.
 */
export const HOST_COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: ['node'],
  jsx: 'react-jsx',
  strict: true,
  skipLibCheck: false,
  noEmit: true,
} as const;

/** One compiler error, placed in the Markdown file when it falls inside a block. */
export interface BlockDiagnostic {
  /** `README.md:42:7` inside a block; the compiler's own file name otherwise (a library's types). */
  where: string;
  /** The block it belongs to, when it belongs to one. */
  block: CodeBlock | null;
  /** `TS2304: Cannot find name 'client'.` (continuation lines included). */
  message: string;
}

/** The module file a block is written to: its Markdown file and line, flattened. */
export const moduleNameOf = (block: CodeBlock): string =>
  `${block.file.replace(/[^\w.-]+/g, '_')}_L${block.line}.${block.kind}`;

/**
 * Writes each block as a module of its own into `dir` (which must sit where the workspace
 * packages resolve, so `@calsync/sdk` is its built `dist` types) and type-checks them all as
 * one program with {@link HOST_COMPILER_OPTIONS}. Each file gets a trailing `export {}` so a
 * block without imports is still a module and blocks never see each other's names. Returns
 * every error, mapped back to the Markdown file and line it came from.
 *
 * @example
 * const errors = await typeCheckBlocks(blocks, await mkdtemp(join(testDir, '.blocks-')));
 * // [{ where: 'README.md:88:3', message: "TS2304: Cannot find name 'client'." }]
 */
export async function typeCheckBlocks(
  blocks: readonly CodeBlock[],
  dir: string,
): Promise<BlockDiagnostic[]> {
  await mkdir(dir, { recursive: true });
  const byModule = new Map<string, CodeBlock>();
  for (const block of blocks) {
    const name = moduleNameOf(block);
    byModule.set(name, block);
    await writeFile(join(dir, name), `${block.code}\nexport {};\n`);
  }
  const { options, errors } = ts.convertCompilerOptionsFromJson(HOST_COMPILER_OPTIONS, dir);
  if (errors.length > 0)
    throw new Error(ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n'));
  const program = ts.createProgram(
    [...byModule.keys()].map((name) => join(dir, name)),
    options,
  );
  // Per file, syntax and types both: tsc alone stops at the first syntax error anywhere and
  // would then say nothing about every other block.
  const found: ts.Diagnostic[] = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const source of program.getSourceFiles())
    found.push(
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    );
  const diagnostics: BlockDiagnostic[] = [];
  for (const diagnostic of found) {
    if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
    const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ')}`;
    const source = diagnostic.file;
    if (!source) {
      diagnostics.push({ where: 'compiler options', block: null, message });
      continue;
    }
    const block = byModule.get(relative(dir, source.fileName)) ?? null;
    const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    diagnostics.push({
      where: block ? `${block.file}:${block.line + line}:${character + 1}` : source.fileName,
      block,
      message,
    });
  }
  return diagnostics;
}

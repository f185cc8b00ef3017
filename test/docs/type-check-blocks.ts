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

/** A compiler host that parses each file once, whichever program asks for it. */
function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const parsed = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!parsed.has(fileName))
      parsed.set(fileName, getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return parsed.get(fileName);
  };
  return host;
}

/**
 * Writes each block as a module into `dir` (which must sit where the workspace packages
 * resolve, so `@calsync/sdk` is its built `dist` types) and type-checks each one as a program
 * of its own with {@link HOST_COMPILER_OPTIONS} — a block gets no global declaration (a JSX
 * typing, say) from another block's imports. Each file gets a trailing `export {}` so a block
 * without imports is still a module. The libraries the blocks reach are checked too, each file
 * once. Returns every error, mapped back to the Markdown file and line it came from.
 *
 * @example
 * const errors = await typeCheckBlocks(blocks, await mkdtemp(join(testDir, '.blocks-')));
 * // [{ where: 'README.md:88:3', block, message: "TS2304: Cannot find name 'client'." }]
 */
export async function typeCheckBlocks(
  blocks: readonly CodeBlock[],
  dir: string,
): Promise<BlockDiagnostic[]> {
  await mkdir(dir, { recursive: true });
  const { options, errors } = ts.convertCompilerOptionsFromJson(HOST_COMPILER_OPTIONS, dir);
  if (errors.length > 0)
    throw new Error(ts.flattenDiagnosticMessageText(errors[0]!.messageText, '\n'));
  const host = cachingHost(options);
  const diagnostics: BlockDiagnostic[] = [];
  const librariesChecked = new Set<string>();
  let previous: ts.Program | undefined;
  for (const block of blocks) {
    const file = join(dir, moduleNameOf(block));
    await writeFile(file, `${block.code}\nexport {};\n`);
    const program: ts.Program = ts.createProgram([file], options, host, previous);
    previous = program;
    const found: ts.Diagnostic[] = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
    ];
    for (const source of program.getSourceFiles()) {
      const isBlock = source.fileName === file;
      if (
        !isBlock &&
        (librariesChecked.has(source.fileName) || program.isSourceFileDefaultLibrary(source))
      )
        continue;
      if (!isBlock) librariesChecked.add(source.fileName);
      found.push(
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      );
    }
    for (const diagnostic of found) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
      const message = `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n    ')}`;
      const source = diagnostic.file;
      if (source?.fileName !== file) {
        const where = source ? relative(dir, source.fileName) : 'compiler options';
        if (!diagnostics.some((d) => d.where === where && d.message === message))
          diagnostics.push({ where: source?.fileName ?? where, block: null, message });
        continue;
      }
      const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      diagnostics.push({
        where: `${block.file}:${block.line + line}:${character + 1}`,
        block,
        message,
      });
    }
  }
  return diagnostics;
}

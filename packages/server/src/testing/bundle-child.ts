import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles a TypeScript entry that a test runs as a child process into one ESM file under the
 * package's `node_modules/.cache/<name>` (so its imports of installed packages resolve), and
 * returns that file's path for `fork`.
 *
 * @example
 * const file = await bundleTestChild(join(here, 'worker-child.ts'), 'calsync-worker-child');
 * fork(file, [], { env });
 */
export async function bundleTestChild(entry: string, name: string): Promise<string> {
  const outdir = join(packageRoot, 'node_modules', '.cache', name);
  await mkdir(outdir, { recursive: true });
  const outfile = join(outdir, `${name}-${process.pid}.mjs`);
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** The workspaces published to npm, and what their manifests say. */

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folders under `packages/` of every published package, dependencies before their dependents. */
export const PUBLISHED_DIRS = [
  'core',
  'google',
  'microsoft',
  'caldav',
  'zoom',
  'sandbox',
  'server',
  'sdk',
  'elements',
] as const;

/** The fields of a `package.json` the packaging tests read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  main?: string;
  module?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  engines?: Record<string, string>;
  repository?: { type?: string; url?: string; directory?: string };
  publishConfig?: { access?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Reads `packages/<dir>/package.json`. */
export async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(
    await readFile(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8'),
  ) as Manifest;
}

/** Every file an `exports` map points at, as written (`./dist/index.js`). */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}

/**
 * Each conditional object of an `exports` map that names `types` but not first (TypeScript takes
 * the first condition that matches, so a later `types` is never read), as its path of keys.
 */
export function typesNotFirst(exports: unknown, path: string[] = []): string[] {
  if (exports === null || typeof exports !== 'object') return [];
  const keys = Object.keys(exports);
  const here = keys.includes('types') && keys[0] !== 'types' ? [path.join(' → ') || '.'] : [];
  return [
    ...here,
    ...Object.entries(exports).flatMap(([key, value]) => typesNotFirst(value, [...path, key])),
  ];
}

/**
 * Whether `version` satisfies a caret range (`^0.1.0`, `^1.2.3`) the way npm reads it: the same
 * leftmost non-zero part, and not older. Other range shapes are refused.
 */
export function satisfiesCaret(version: string, range: string): boolean {
  const parse = (text: string) => {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
  };
  const have = parse(version);
  const base = range.startsWith('^') ? parse(range.slice(1)) : undefined;
  if (!have || !base) return false;
  const [major, minor, patch] = base as [number, number, number];
  const [hMajor, hMinor, hPatch] = have as [number, number, number];
  if (hMajor !== major) return false;
  if (major === 0 && hMinor !== minor) return false;
  if (major === 0 && minor === 0 && hPatch !== patch) return false;
  if (hMinor !== minor) return hMinor > minor;
  return hPatch >= patch;
}

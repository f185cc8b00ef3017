import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNpm } from './npm.js';
import {
  exportTargets,
  PUBLISHED_DIRS,
  readManifest,
  REPO_ROOT,
  satisfiesCaret,
  typesNotFirst,
  type Manifest,
} from './publishable.js';

/** What `npm publish --dry-run --json` reports for one package. */
interface DryRun {
  name: string;
  version: string;
  files: { path: string }[];
}

/** npm's own notices: the dry run is not logged in to the registry, and says where it would go. */
const ABOUT_THE_SESSION = [/requires you to be logged in/, /^npm notice /];

const manifests = new Map<string, Manifest>();
const dryRuns = new Map<string, { result: DryRun; warnings: string[] }>();

beforeAll(async () => {
  await Promise.all(
    PUBLISHED_DIRS.map(async (dir) => {
      manifests.set(dir, await readManifest(dir));
      const run = await runNpm(
        ['publish', '--dry-run', '--json', '--ignore-scripts'],
        join(REPO_ROOT, 'packages', dir),
      );
      if (run.code !== 0)
        throw new Error(`npm publish --dry-run in packages/${dir}: ${run.stderr}`);
      const warnings = run.stderr
        .split('\n')
        .filter((line) => line.trim() !== '')
        .filter((line) => !ABOUT_THE_SESSION.some((pattern) => pattern.test(line)));
      const byName = JSON.parse(run.stdout) as Record<string, DryRun>;
      const result = Object.values(byName)[0];
      if (!result) throw new Error(`npm publish --dry-run in packages/${dir} reported nothing`);
      dryRuns.set(dir, { result, warnings });
    }),
  );
}, 180_000);

describe.each(PUBLISHED_DIRS)('@calsync/%s as published', (dir) => {
  const manifest = () => manifests.get(dir)!;
  const files = () => dryRuns.get(dir)!.result.files.map((file) => file.path);

  it('publishes without a warning about the package', () => {
    expect(dryRuns.get(dir)!.warnings).toEqual([]);
  });

  it('is public, Apache-2.0, and says where it comes from and what Node it needs', () => {
    const m = manifest();
    expect(m.private).toBeUndefined();
    expect(m.license).toBe('Apache-2.0');
    expect(m.publishConfig?.access).toBe('public');
    expect(m.engines?.node).toBe('>=20.19');
    expect(m.repository?.directory).toBe(`packages/${dir}`);
  });

  it('ships its licence, readme, changelog, manifest and build, and nothing else', () => {
    const list = files();
    expect(list).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']),
    );
    expect(list.some((path) => path.startsWith('dist/'))).toBe(true);
    const stray = list.filter(
      (path) =>
        /(^|\/)(node_modules|\.turbo|\.test-report|src|test|__tests__)\//.test(path) ||
        /\.(test|spec|bench)\.[cm]?[jt]sx?$/.test(path) ||
        /\.tsbuildinfo$/.test(path),
    );
    expect(stray).toEqual([]);
  });

  it('ships a source map only beside the JavaScript it describes', () => {
    const list = new Set(files());
    const orphans = [...list].filter(
      (path) => path.endsWith('.map') && !list.has(path.slice(0, -'.map'.length)),
    );
    expect(orphans).toEqual([]);
  });

  it('carries the same Apache-2.0 licence as the repository', async () => {
    const root = await readFile(join(REPO_ROOT, 'LICENSE'), 'utf8');
    const own = await readFile(join(REPO_ROOT, 'packages', dir, 'LICENSE'), 'utf8');
    expect(root).toContain('Apache License');
    expect(root).toContain('Version 2.0, January 2004');
    expect(own).toBe(root);
  });

  it('ships every file its exports, main, types and bin name, with types first', () => {
    const m = manifest();
    const targets = [
      ...exportTargets(m.exports),
      ...[m.main, m.module, m.types].filter((path): path is string => path !== undefined),
      ...Object.values(m.bin ?? {}),
    ].map((path) => path.replace(/^\.\//, ''));
    expect(targets.length).toBeGreaterThan(0);
    const list = new Set(files());
    expect(targets.filter((path) => !list.has(path))).toEqual([]);
    expect(typesNotFirst(m.exports)).toEqual([]);
    // Every JavaScript entry has declarations beside it.
    const entries = Object.entries(m.exports ?? {}).filter(([, value]) =>
      exportTargets(value).some((path) => /\.[cm]?js$/.test(path)),
    );
    for (const [entry, value] of entries)
      expect(
        exportTargets(value).some((path) => /\.d\.[cm]?ts$/.test(path)),
        `exports["${entry}"] has types`,
      ).toBe(true);
  });

  it('depends on its published siblings by caret ranges their versions satisfy', () => {
    const m = manifest();
    for (const [field, deps] of Object.entries({
      dependencies: m.dependencies,
      peerDependencies: m.peerDependencies,
      devDependencies: m.devDependencies,
    })) {
      for (const [name, range] of Object.entries(deps ?? {})) {
        if (!name.startsWith('@calsync/')) continue;
        const sibling = [...manifests.values()].find((other) => other.name === name);
        expect(sibling, `${field}: ${name} is published`).toBeDefined();
        expect(satisfiesCaret(sibling!.version, range), `${field}: ${name}@${range}`).toBe(true);
      }
    }
  });
});

describe('the published packages together', () => {
  it('share one version', () => {
    const versions = new Set([...manifests.values()].map((m) => m.version));
    expect(versions.size).toBe(1);
    expect([...dryRuns.values()].map((run) => run.result.version)).toEqual(
      [...manifests.values()].map(() => [...versions][0]),
    );
  });

  it('let the elements use the page’s lit 3 rather than bundling their own', async () => {
    const elements = manifests.get('elements')!;
    expect(elements.peerDependencies?.lit).toBe('^3');
    expect(elements.dependencies?.lit).toBeUndefined();
  });
});

describe('satisfiesCaret', () => {
  it('reads caret ranges the way npm does', () => {
    expect(satisfiesCaret('0.1.0', '^0.1.0')).toBe(true);
    expect(satisfiesCaret('0.1.4', '^0.1.0')).toBe(true);
    expect(satisfiesCaret('0.2.0', '^0.1.0')).toBe(false);
    expect(satisfiesCaret('0.0.9', '^0.1.0')).toBe(false);
    expect(satisfiesCaret('1.4.0', '^1.2.3')).toBe(true);
    expect(satisfiesCaret('2.0.0', '^1.2.3')).toBe(false);
    expect(satisfiesCaret('0.1.0', '0.1.0')).toBe(false);
  });
});

/**
 * A host project outside the repository that installs the packed SDK and elements the way a
 * host developer would: from tarballs, with nothing of the workspace reachable.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNpm } from '../package/npm.js';
import { REPO_ROOT } from '../package/publishable.js';

/** The packages a host page installs, by folder under `packages/`. */
const HOST_PACKAGES = { '@calsync/sdk': 'sdk', '@calsync/elements': 'elements' } as const;

/** What the host installs besides the tarballs, at the versions the repository's lockfile holds. */
const HOST_TOOLS = ['lit', 'typescript', 'esbuild', '@types/react'] as const;

/** The files the host project starts from (sources, configs, its backend). */
const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), 'host');

/** An installed host project. */
export interface HostProject {
  /** The project folder (its `package.json`, `node_modules`, sources). */
  dir: string;
  /** Deletes the project and the tarballs. */
  remove(): Promise<void>;
}

/** The first folder from `dir` up to the file system's root that holds `node_modules`. */
export function nodeModulesAbove(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules'))) return join(at, 'node_modules');
    if (dirname(at) === at) return undefined;
  }
}

async function lockedVersion(name: string): Promise<string> {
  const lock = JSON.parse(await readFile(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in the repository's lockfile`);
  return version;
}

/** Runs npm and throws with its output when it fails. */
async function npm(args: string[], cwd: string): Promise<string> {
  const run = await runNpm(args, cwd);
  if (run.code !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${run.stderr}`);
  return run.stdout;
}

/**
 * Packs the SDK and the elements, and installs them with the host's tools into a new project
 * under the system's temporary folder.
 *
 * @example
 * const host = await createHostProject();
 * try { ... } finally { await host.remove(); }
 */
export async function createHostProject(): Promise<HostProject> {
  const root = await mkdtemp(join(tmpdir(), 'calsync-host-'));
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    const above = nodeModulesAbove(root);
    if (above) throw new Error(`${above} would leak into the host project; remove it`);
    const tarballs = join(root, 'tarballs');
    await mkdir(tarballs);
    const dependencies: Record<string, string> = {};
    for (const [name, dir] of Object.entries(HOST_PACKAGES)) {
      const packed = JSON.parse(
        await npm(
          ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs],
          join(REPO_ROOT, 'packages', dir),
        ),
      ) as { filename: string }[];
      dependencies[name] = `file:../tarballs/${packed[0]!.filename}`;
    }
    const tools: Record<string, string> = {};
    for (const name of HOST_TOOLS) tools[name] = await lockedVersion(name);
    const dir = join(root, 'app');
    await cp(TEMPLATE, dir, { recursive: true });
    const manifest = {
      name: 'calsync-host-app',
      version: '1.0.0',
      private: true,
      type: 'module',
      dependencies: { ...dependencies, lit: tools.lit },
      devDependencies: {
        typescript: tools.typescript,
        esbuild: tools.esbuild,
        '@types/react': tools['@types/react'],
      },
      allowScripts: { esbuild: true },
    };
    await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    await npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
    return { dir, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** What a command printed, and how it ended. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command <args>` in the host project: a tool from its `node_modules/.bin`, or `node`.
 *
 * @example
 * const tsc = await runIn(host.dir, 'node_modules/.bin/tsc', ['-p', '.']);
 */
export function runIn(
  dir: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      command === 'node' ? process.execPath : join(dir, command),
      args,
      { cwd: dir, env: { PATH: process.env.PATH, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// Installs the Debian packages the test suite needs (CalDAV servers, a browser) when missing.
// npm brings everything else. Safe to run again: it does nothing when all are present.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian package → a file that proves it is installed. */
export const SYSTEM_PACKAGES = {
  radicale: '/usr/bin/radicale',
  xandikos: '/usr/bin/xandikos',
  chromium: '/usr/bin/chromium',
};

function missingPackages() {
  return Object.entries(SYSTEM_PACKAGES)
    .filter(([, probe]) => !existsSync(probe))
    .map(([name]) => name);
}

export function ensureSystemDeps() {
  const missing = missingPackages();
  if (missing.length === 0) return;
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`missing ${missing.join(', ')}: install them with your package manager`);
  }
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  console.log(`Installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) =>
    execFileSync(
      sudo[0] ?? 'apt-get',
      [...sudo.slice(1), ...(asRoot ? [] : ['apt-get']), ...args],
      {
        stdio: 'inherit',
        env,
      },
    );
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  const still = missingPackages();
  if (still.length) throw new Error(`could not install ${still.join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    ensureSystemDeps();
  } catch (error) {
    console.error(`system-deps: ${error.message}`);
    process.exit(1);
  }
}

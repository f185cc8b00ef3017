import { readFileSync } from 'node:fs';

/**
 * This server's version (its package's), as recorded in the process registry. Read from
 * `package.json` beside `src/` or `dist/`; `unknown` when it cannot be read.
 */
export function serverVersion(): string {
  try {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    const { version } = JSON.parse(text) as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

import { readFileSync } from 'node:fs';
import type { ViteUserConfig } from 'vitest/config';

/**
 * The settings every package's vitest config starts from. When `npm test` sets
 * `CALSYNC_TEST_REPORT_DIR`, each package also writes a JSON report there, which the run sums up.
 */
export function sharedTestConfig(): ViteUserConfig {
  const reportDir = process.env.CALSYNC_TEST_REPORT_DIR;
  const packageName = (JSON.parse(readFileSync('package.json', 'utf8')) as { name: string }).name;
  return {
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      passWithNoTests: true,
      reporters: reportDir ? ['default', 'json'] : ['default'],
      ...(reportDir
        ? { outputFile: { json: `${reportDir}/${packageName.replace(/[@/]/g, '_')}.json` } }
        : {}),
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

import type { ViteUserConfig } from 'vitest/config';

/** Where a package's JSON test report goes; turbo caches it with the test task. */
export const TEST_REPORT_FILE = '.test-report/vitest.json';

/**
 * The settings every package's vitest config starts from. When `npm test` sets
 * `CALSYNC_TEST_REPORT=1`, each package also writes a JSON report, which the run sums up (a
 * cached test task restores its report, so the sum covers every package either way).
 */
export function sharedTestConfig(): ViteUserConfig {
  const report = process.env.CALSYNC_TEST_REPORT === '1';
  return {
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      passWithNoTests: true,
      reporters: report ? ['default', 'json'] : ['default'],
      ...(report ? { outputFile: { json: TEST_REPORT_FILE } } : {}),
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

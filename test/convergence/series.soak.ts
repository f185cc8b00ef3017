import { afterAll, beforeAll, expect, it } from 'vitest';
import { SERIES_EDITED_EVERYWHERE } from './found-scenarios.js';
import { runScenario } from './scenario.js';
import { startConvergenceStack, type ConvergenceStack } from './stack.js';

/**
 * The series scenario of `npm test` (found-scenarios.ts), run `CALSYNC_SERIES_RUNS` times
 * (default 10) by `npm run soak`: its edits race each other differently on every run.
 */
const RUNS = Number(process.env.CALSYNC_SERIES_RUNS ?? 10);

let stack: ConvergenceStack;
beforeAll(async () => {
  stack = await startConvergenceStack();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

it(
  `a series edited in every calendar at once converges (${RUNS} runs)`,
  async () => {
    const failed: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await runScenario(
        stack,
        `series${run}p${process.pid}`,
        SERIES_EDITED_EVERYWHERE,
      );
      console.log(`series run ${run + 1}: ${result.failures.length === 0 ? 'ok' : 'FAILED'}`);
      if (result.failures.length > 0) failed.push(`run ${run + 1}: ${result.failures.join('; ')}`);
    }
    expect(failed).toEqual([]);
  },
  RUNS * 240_000,
);

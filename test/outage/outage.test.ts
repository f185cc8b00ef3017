import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConvergenceStack, type ConvergenceStack } from '../convergence/stack.js';
import { runOutageScenario } from './outage-scenario.js';

/**
 * A Google outage against the real server processes (production retry backoff): Google answers 503
 * to all of Calsync's requests for `CALSYNC_OUTAGE_SECONDS` (default 20); the long variant (300 s)
 * is `bench/outage.bench.ts`.
 */
const OUTAGE_SECONDS = Number(process.env.CALSYNC_OUTAGE_SECONDS ?? 20);
/** Waits are for conditions; this only bounds a run that would never get there. */
const WAIT_MS = 240_000;

describe('a Google outage', () => {
  let stack: ConvergenceStack;
  beforeAll(async () => {
    stack = await startConvergenceStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it(
    'leaves Microsoft and CalDAV working, then drains with nothing lost, duplicated or needing reauth',
    async () => {
      const result = await runOutageScenario(stack, `outage${Date.now() % 100_000}`, {
        outageSeconds: OUTAGE_SECONDS,
        waitMs: WAIT_MS,
        log: (line) => console.log(`[outage] ${line}`),
      });
      if (result.failures.length > 0) console.error(stack.processOutput().join('\n'));
      expect(result.failures).toEqual([]);
    },
    OUTAGE_SECONDS * 1000 + 3 * WAIT_MS,
  );
});

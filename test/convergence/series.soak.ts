import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Operation } from './operations.js';
import { runScenario } from './scenario.js';
import { startConvergenceStack, type ConvergenceStack } from './stack.js';

/**
 * A host series whose instances are moved and cancelled in Google, Outlook and CalDAV at nearly
 * the same moment, with lost responses: run by `npm run soak` (`CALSYNC_SERIES_RUNS`, default
 * 10). Not in `npm test` yet: on a loaded machine it still fails now and then (a cancelled
 * instance pulled as two overrides whose pushes then collide on one link).
 */
const RUNS = Number(process.env.CALSYNC_SERIES_RUNS ?? 10);

/** Instances of a host series changed on every calendar, each change reaching the others. */
const SERIES_EDITED_EVERYWHERE: Operation[] = [
  { op: 'host_create_series', key: 'k1', slot: { day: 3, hour: 9, hours: 1 }, count: 4 },
  { op: 'settle', ms: 1500 },
  { op: 'instance_move', provider: 'google', key: 'k1', index: 0, hour: 15 },
  { op: 'instance_cancel', provider: 'caldav', key: 'k1', index: 3 },
  { op: 'instance_cancel', provider: 'microsoft', key: 'k1', index: 1 },
  { op: 'instance_move', provider: 'microsoft', key: 'k1', index: 2, hour: 7 },
  { op: 'fault', provider: 'microsoft', kind: 'lost_response', count: 2 },
  { op: 'instance_move', provider: 'caldav', key: 'k1', index: 0, hour: 17 },
];

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

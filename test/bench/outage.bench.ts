import { setup, teardown } from '@calsync/server/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startConvergenceStack } from '../convergence/stack.js';
import { runOutageScenario } from '../outage/outage-scenario.js';
import { recordFigure } from './support/report.js';

/**
 * The long Google outage (the issue's 5 minutes; `CALSYNC_OUTAGE_SECONDS` overrides it) against
 * the real server processes with the production retry backoff (1 s doubling, capped at 5 minutes):
 * the scenario of `outage/outage.test.ts`, with the drain time after the outage recorded.
 */
const OUTAGE_SECONDS = Number(process.env.CALSYNC_OUTAGE_SECONDS ?? 300);
const WAIT_MS = 600_000;
const BENCH = 'Provider outage';

beforeAll(async () => {
  await setup();
});
afterAll(async () => {
  await teardown();
});

test(
  `a ${OUTAGE_SECONDS} s Google outage drains with nothing lost`,
  async () => {
    const stack = await startConvergenceStack();
    try {
      const result = await runOutageScenario(stack, `longoutage${Date.now() % 100_000}`, {
        outageSeconds: OUTAGE_SECONDS,
        waitMs: WAIT_MS,
        log: (line) => console.log(`[outage] ${line}`),
      });
      const base = { bench: BENCH, sandboxLatencyMs: 0 };
      const notes =
        `Google answered 503 to all of Calsync's requests (token endpoint included) for ${(result.outageMs / 1000).toFixed(0)} s; ` +
        `${result.changesDuringOutage} changes meanwhile; production backoff; API and worker processes of the built server`;
      recordFigure({
        ...base,
        name: 'drain time after the outage ended',
        value: Math.round(result.drainMs / 100) / 10,
        unit: 's',
        notes: `${notes}; bounded by the backoff's next retry (≤ 5 min)`,
      });
      recordFigure({
        ...base,
        name: 'Microsoft and CalDAV changes applied during the outage',
        value: result.othersAppliedInTime ? 1 : 0,
        unit: 'yes/no',
        target: '1',
        met: result.othersAppliedInTime,
      });
      recordFigure({
        ...base,
        name: 'lost, duplicated or needs_reauth findings',
        value: result.failures.length,
        unit: 'findings',
        target: '0',
        met: result.failures.length === 0,
        notes: `${result.liveAppointments} live appointments checked on all three calendars${result.failures.length ? `: ${result.failures.join('; ').slice(0, 400)}` : ''}`,
      });
      expect(result.failures).toEqual([]);
    } finally {
      await stack.close();
    }
  },
  OUTAGE_SECONDS * 1000 + 3 * WAIT_MS,
);

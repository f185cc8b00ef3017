import { afterAll, beforeAll, expect, it } from 'vitest';
import { summaryTable } from './report.js';
import { runSeed } from './seeds.js';
import { startConvergenceStack, type ConvergenceStack } from './stack.js';

/**
 * The soak: `CALSYNC_SOAK_SCENARIOS` (default 500) seeds from `CALSYNC_SOAK_SEED` (default 1), or
 * the seeds listed in `CALSYNC_SOAK_SEEDS` (`32,39,140`), one after another on one stack; failing
 * seeds are shrunk and printed as scripts, then the summary.
 */
function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
}

const LISTED = (process.env.CALSYNC_SOAK_SEEDS ?? '')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map((s) => {
    const seed = Number(s);
    if (!Number.isInteger(seed) || seed < 0) throw new Error('CALSYNC_SOAK_SEEDS: whole numbers');
    return seed;
  });
const FIRST_SEED = positive('CALSYNC_SOAK_SEED', 1);
const SEEDS =
  LISTED.length > 0
    ? LISTED
    : Array.from({ length: positive('CALSYNC_SOAK_SCENARIOS', 500) }, (_, i) => FIRST_SEED + i);
const SCENARIOS = SEEDS.length;
const SHRINK_BUDGET_MS = positive('CALSYNC_SOAK_SHRINK_MS', 120_000);
/** Generous: a scenario takes seconds; a stuck one fails on its own quiescence timeout. */
const PER_SCENARIO_LIMIT_MS = 10 * 60_000;

let stack: ConvergenceStack;
beforeAll(async () => {
  stack = await startConvergenceStack();
}, 120_000);
afterAll(async () => {
  await stack?.close();
});

it(
  `soak: ${SCENARIOS} scenarios from seed ${SEEDS[0]}`,
  async () => {
    const started = Date.now();
    const results: Awaited<ReturnType<typeof runSeed>>[] = [];
    for (const seed of SEEDS) {
      const result = await runSeed(stack, seed, SHRINK_BUDGET_MS);
      results.push(result);
      const verdict = result.failures.length === 0 ? 'ok' : 'FAILED';
      console.log(
        `seed ${seed}: ${verdict} (${result.operations} ops, ${result.kills} kills, ` +
          `${result.conflicts} conflicts, ${(result.ms / 1000).toFixed(1)} s)`,
      );
      if (result.reproduction) console.log(result.reproduction);
      if (results.length % 25 === 0 && results.length < SCENARIOS) {
        console.log(`\nafter ${results.length}:\n${summaryTable(results, Date.now() - started)}\n`);
      }
    }
    console.log(`\n${summaryTable(results, Date.now() - started)}`);
    expect(results.filter((r) => r.failures.length > 0).map((r) => r.seed)).toEqual([]);
  },
  SCENARIOS * PER_SCENARIO_LIMIT_MS + 60_000,
);

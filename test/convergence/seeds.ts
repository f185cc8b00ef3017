import { generateOperations, type Operation } from './operations.js';
import { seededRandom } from './prng.js';
import { reproduction } from './report.js';
import { runScenario, type ScenarioResult } from './scenario.js';
import { shrinkOperations } from './shrink.js';
import type { ConvergenceStack } from './stack.js';

/** Operations per scenario: enough to interleave, few enough for a few seconds. */
export const OPERATIONS_PER_SCENARIO = 12;

let runs = 0;

/** A unique tag per run on the stack (tenants, accounts and calendars are named after it). */
function nextTag(seed: number): string {
  runs++;
  return `s${seed}r${runs}p${process.pid}`;
}

/** The operations of `seed`. */
export function operationsOf(seed: number): Operation[] {
  return generateOperations(seededRandom(seed), OPERATIONS_PER_SCENARIO);
}

/**
 * Runs one seed; when it fails, shrinks the operations (replays on fresh tenants, bounded by
 * `shrinkBudgetMs`) and returns the reproduction script with the result.
 */
export async function runSeed(
  stack: ConvergenceStack,
  seed: number,
  shrinkBudgetMs: number,
): Promise<ScenarioResult & { seed: number; reproduction: string | null }> {
  const ops = operationsOf(seed);
  const result = await runScenario(stack, nextTag(seed), ops);
  if (result.failures.length === 0) return { ...result, seed, reproduction: null };
  let smallest = { ops, failures: result.failures };
  const shrunk = await shrinkOperations(
    ops,
    async (candidate) => {
      const replay = await runScenario(stack, nextTag(seed), candidate);
      if (replay.failures.length === 0) return false;
      smallest = { ops: [...candidate], failures: replay.failures };
      return true;
    },
    shrinkBudgetMs,
  );
  void shrunk;
  const script = reproduction(seed, smallest.ops, smallest.failures);
  const logs = stack.processOutput().slice(-30).join('\n');
  return { ...result, seed, reproduction: `${script}\nlast process output:\n${logs}` };
}
